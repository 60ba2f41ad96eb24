-- Each iteration's local is fresh; shared upvalues stay shared.
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local j = 0
while j < 3 do j = j + 1; local k = j; gs[j] = function() k = k + 10; return k end end
print(gs[1](), gs[1](), gs[2](), gs[3]())
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc()
print(get())
local inc2 = counter()
print(inc2(), get())
-- Recursive local functions and mutual recursion through upvalues.
local isEven, isOdd
function isEven(n) if n == 0 then return true end return isOdd(n - 1) end
function isOdd(n) if n == 0 then return false end return isEven(n - 1) end
print(isEven(10), isOdd(7))
local function fact(n) return n <= 1 and 1 or n * fact(n - 1) end
print(fact(20))
-- Upvalues of upvalues.
local function outer()
  local x = 1
  return function()
    return function() x = x * 2; return x end
  end
end
local middle = outer()
local innerA, innerB = middle(), middle()
print(innerA(), innerB(), innerA())
-- Closures over loop variables of generic for.
local ks = {}
for k, v in pairs({a = 1}) do ks[#ks + 1] = function() return k .. v end end
print(ks[1]())
-- repeat-until sees the body's locals.
local r = 0
repeat local done = r >= 2; r = r + 1 until done
print(r)
-- Closures capturing parameters and varargs via tables.
local function bind(f, ...)
  local args = table.pack(...)
  return function(...) return f(table.unpack(args, 1, args.n), ...) end
end
print(pcall(bind(string.format, "%s-%s-%s", "a"), "b", "c"))
local function bindAll(f, ...)
  local args = table.pack(...)
  return function(...)
    local all = {table.unpack(args, 1, args.n)}
    for _, value in ipairs({...}) do all[#all + 1] = value end
    return f(table.unpack(all))
  end
end
print(bindAll(string.format, "%s-%s-%s", "a")("b", "c"))
local s = string
print(pcall(function() return s.rep() end), pcall(function() local up = string.rep; return up() end))
-- A closure in a table field keeps working after the table is gone.
local kept
do local obj = {name = "obj"}; function obj.describe() return obj.name end; kept = obj.describe end
print(kept())
print(select("#", (function() end)()))
