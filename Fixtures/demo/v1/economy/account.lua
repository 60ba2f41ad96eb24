Account = {}
Account.__index = Account

function Account.new(owner, balance)
  return setmetatable({owner = owner, balance = balance or 0}, Account)
end

function Account:deposit(amount)
  assert(amount > 0, "deposit must be positive")
  self.balance = self.balance + amount
  return self.balance
end

function Account:withdraw(amount)
  if amount > self.balance then
    return nil, "insufficient funds"
  end
  self.balance = self.balance - amount
  return self.balance
end
