local Account = {}
Account.__index = Account
function Account.new(owner, balance)
  return setmetatable({owner = owner, balance = balance or 0}, Account)
end
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account:withdraw(v)
  if v > self.balance then error("insufficient funds", 2) end
  self.balance = self.balance - v
  return self
end
local acc = Account.new("ada", 100)
acc:deposit(50):withdraw(30)
print(acc.owner, acc.balance)
print(pcall(acc.withdraw, acc, 1000))
local Savings = setmetatable({}, {__index = Account})
Savings.__index = Savings
function Savings.new(owner) local s = Account.new(owner, 0); return setmetatable(s, Savings) end
function Savings:interest(rate) self.balance = self.balance * (1 + rate); return self.balance end
local s = Savings.new("bob")
s:deposit(200)
print(s:interest(0.5), getmetatable(s) == Savings)
