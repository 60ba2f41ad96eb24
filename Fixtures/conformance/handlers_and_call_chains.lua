-- An error inside xpcall's message handler goes to the handler again;
-- a handler that keeps failing ends as "error in error handling".
print(xpcall(error, function (m) error("again") end, "x"))
local function h(m) return h(m) .. "" end
print(xpcall(error, h, "x"))
local n = 0
print(xpcall(error, function (m)
  n = n + 1
  if n < 3 then error(m .. n, 0) end
  return m
end, "x"))

-- A __call metamethod may be an object with a __call of its own.
local inner = setmetatable({}, {__call = function (...) return select('#', ...), ... end})
local outer = setmetatable({}, {__call = inner})
print(select('#', outer("a")), select(2, outer("a")) == inner, select(3, outer("a")) == outer, select(4, outer("a")))
local u = table.pack
for i = 1, 20 do u = setmetatable({i}, {__call = u}) end
local packed = u("a", "b")
print(packed.n, packed[1][1], packed[20][1], packed[21], packed[22])
local depth = 1000
local function count () if depth == 0 then return "bottom" end depth = depth - 1 return count() end
for _ = 1, 50 do count = setmetatable({}, {__call = count}) end
print(coroutine.wrap(function () return count() end)())
print(pcall(setmetatable({}, {__call = 5})))

-- An error in load's reader function is load's failure.
-- (Inside pcall: lua5.4's own command line adds a traceback otherwise.)
print(pcall(load, function () error("reader failed", 0) end))
print(select('#', pcall(load, function () error({}) end)))
