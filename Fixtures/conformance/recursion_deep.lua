-- Deep recursion works to Lua's limits; too deep is a catchable stack overflow
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000), depth(100000))
local function tail(n, acc) if n == 0 then return acc end return tail(n - 1, acc + 1) end
print(tail(1000000, 0))
local function forever(n) return 1 + forever(n + 1) end
local ok, msg = pcall(forever, 1)
print(ok, (msg:gsub("^.-:%d+: ", "")))
local function mutual_a(n) if n == 0 then return "a" end return mutual_b(n - 1) end
function mutual_b(n) if n == 0 then return "b" end return mutual_a(n - 1) end
print(mutual_a(10), mutual_a(11))
local fib
fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local ok2 = pcall(function() local t = setmetatable({}, {}) getmetatable(t).__index = t return t.x end)
print(ok2)
print(select('#', pcall(string.rep, "x", -1)))
