-- Varargs: adjustment, nils at the end, table.pack/unpack round trips, ... in main chunk
local function pass(...) return ... end
local function count(...) return select('#', ...) end
print(count(pass()), count(pass(nil)), count(pass(nil, nil)), count(pass(1, nil, 3, nil)))
print((pass(1, 2, 3)))
local t = {pass(1, 2, 3), pass(4, 5, 6)}
print(#t, t[1], t[2], t[4])
local u = {pass(1, 2), 10}
print(#u, u[1], u[2])
local function tail(...) return count(...) end
print(tail(1, nil, nil))
local function f(a, b, ...)
  local rest = {...}
  return a, b, #rest, ...
end
print(f(1))
print(f(1, 2, 3, 4))
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + (select(i, ...) or 0) end
  return s
end
print(sum(1, 2, nil, 4), sum())
print(count(...), ...)
local packed = table.pack(pass(nil, 2, nil))
print(packed.n, table.unpack(packed, 1, packed.n))
print(string.format("%s %s", pass("a", "b", "c")))
print(math.max(pass(3, 9, 2)), select(-1, pass(1, 2, 3)))
local function many() return 1, 2, 3 end
print(many(), many())
print((many()))
print(({many()})[3], #{many(), nil})
