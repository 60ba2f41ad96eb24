-- select with negative indexes, table.pack/unpack symmetry and ... in nested functions
local function last2(...) return select(-2, ...) end
print(last2(1, 2, 3, 4))
print(pcall(last2, 1))
local function wrap(...)
  local n = select('#', ...)
  local args = {...}
  return function() return table.unpack(args, 1, n) end
end
print(wrap(1, nil, 3, nil)())
print(select('#', wrap(nil, nil)()))
local function outer(...)
  local a, b = ...
  local function inner(...) return a, b, ... end
  return inner("x", ...)
end
print(outer(1, 2, 3))
local function count(...) return select('#', ...) end
print(count(table.unpack({}, 1, 5)), count((table.unpack({1, 2, 3}))))
print(select(2, select(2, "a", "b", "c")))
