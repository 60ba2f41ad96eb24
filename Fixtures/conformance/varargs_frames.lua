-- varargs kept below the frame: counts, nils, nesting, tail calls, coroutines
local function count(...) return select('#', ...) end
local function pass(...) return ... end
local function fixed_and_rest(a, b, ...)
  local t = {...}
  return a, b, #t, select('#', ...), ...
end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
print(pass(1, 2, 3))
print(fixed_and_rest(1))
print(fixed_and_rest(1, 2))
print(fixed_and_rest(1, 2, 3, nil, 5))
local function deep(n, ...)
  if n == 0 then return select('#', ...), ... end
  return deep(n - 1, n, ...)
end
print(deep(5))
local function tail(...) return pass(...) end
print(tail("a", nil, "c"))
local co = coroutine.wrap(function(...)
  local first = {...}
  local again = {coroutine.yield(select('#', ...), ...)}
  return #first, #again, ...
end)
print(co(10, 20, 30))
print(co("x", "y"))
local function capture(...)
  local a, b = ...
  return function() return a, b end
end
print(capture(4, 5, 6)())
print(select("#", pcall(load, "return ...")), (load("return ..."))(1, 2))
print(select(2, pcall(function(...) return ... end, 7, 8, 9)))
local big = {}
for i = 1, 200 do big[i] = i end
print(count(table.unpack(big)), select(200, table.unpack(big)))
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(table.unpack(big)))
print(string.format("%d %s %q", 1, "two", "three"))
