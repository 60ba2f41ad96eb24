function gfact(n) if n <= 1 then return 1 end return n * gfact(n - 1) end
print(gfact(10))
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3))
local function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(10), pcall(even, 7))
local memo = {}
local function fib(n) if n < 2 then return n end if memo[n] then return memo[n] end local v = fib(n - 1) + fib(n - 2) memo[n] = v return v end
print(fib(80))
local function hanoi(n, from, to, via, moves)
  if n == 0 then return moves end
  moves = hanoi(n - 1, from, via, to, moves)
  moves = moves + 1
  return hanoi(n - 1, via, to, from, moves)
end
print(hanoi(10, "a", "c", "b", 0))
local function sum(t, i) i = i or 1 if i > #t then return 0 end return t[i] + sum(t, i + 1) end
print(sum({1, 2, 3, 4, 5}))
