local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
local function pass(...) return ... end
print(pass(1, 2, 3), (pass(1, 2, 3)))
print(({pass(1, 2, 3)})[3], #{pass(1, nil, 3)} >= 1)
local function tail(...) return select(2, ...) end
print(tail("a", "b", "c"))
print(select(-1, "a", "b", "c"), select(-2, "a", "b", "c"))
print(pcall(select, 0, 1))
print(pcall(select, -5, 1))
local function packed(...) local t = {...} return #t, t[1], t[select("#", ...)] end
print(packed(5, 6, 7))
local function defaults(a, b, ...)
  b = b or "default"
  return a, b, ...
end
print(defaults(1), defaults(1, false, "extra"))
local function many() return 1, 2, 3 end
local t = {many(), many()}
print(#t, t[4])
local x, y, z, w = many()
print(x, y, z, w)
print(math.max(many()), string.char(72, many() + 104))
local function varsum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(varsum(1, 2, 3, 4, 5))
print(table.unpack({1, 2, nil, 4}, 1, 4))
local co = coroutine.wrap(function(...) local a = {...} while true do a = {coroutine.yield(#a)} end end)
print(co(1, 2, 3), co(), co(nil, nil))
print((function(...) local a, b = ... return a, b end)(9))
print(string.format("%s %s", pass("x", "y")))
