-- Memoization with a table keyed by arguments, and with a __index function
local calls = 0
local memo = {}
local function fib(n)
  if n < 2 then return n end
  if memo[n] then return memo[n] end
  calls = calls + 1
  local v = fib(n - 1) + fib(n - 2)
  memo[n] = v
  return v
end
print(fib(80), calls)
local lazy = setmetatable({[0] = 0, [1] = 1}, {__index = function(t, n)
  local v = t[n - 1] + t[n - 2]
  t[n] = v
  return v
end})
print(lazy[90], rawget(lazy, 45) ~= nil)
