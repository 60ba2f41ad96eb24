-- An object-oriented program: accounts with errors as values and pcall around transfers
local Account = {}
Account.__index = Account
function Account.new(owner, balance) return setmetatable({owner = owner, balance = balance or 0}, Account) end
function Account:deposit(v)
  if type(v) ~= "number" or v <= 0 then error({code = "bad_amount", amount = v}) end
  self.balance = self.balance + v
end
function Account:withdraw(v)
  if v > self.balance then error(string.format("insufficient funds: %s has %d, needs %d", self.owner, self.balance, v), 2) end
  self.balance = self.balance - v
end
local function transfer(from, to, v)
  from:withdraw(v)
  to:deposit(v)
end
local a, b = Account.new("ann", 100), Account.new("bob")
print(pcall(transfer, a, b, 30), a.balance, b.balance)
print(pcall(transfer, a, b, 500))
local ok, e = pcall(b.deposit, b, -5)
print(ok, e.code, e.amount)
print(select(2, pcall(Account.deposit, a, "ten")).code)
