-- __close handlers that fail, collect garbage, or went missing.
local function closer(f) return setmetatable({}, {__close = f}) end
local function foo()
  local x <close> = closer(function (_, m) print("x got", m) error("@x", 0) end)
  local x1 <close> = closer(function (_, m) print("x1 got", m) end)
  local gc <close> = closer(function () collectgarbage() end)
  local y <close> = closer(function (_, m) print("y got", m) error("@y", 0) end)
  local z <close> = closer(function (_, m) print("z got", m) error("@z", 0) end)
  return 200
end
print(pcall(foo))

local function gone()
  local v <close> = setmetatable({}, {__close = print})
  getmetatable(v).__close = nil
end
print(pcall(gone))

local function number()
  local v <close> = setmetatable({}, {__close = print})
  getmetatable(v).__close = 4
end
print(pcall(number))

-- A function statement may not assign to a constant local.
print(load("local foo <const> = 10; function foo() end"))
print(load("local t <const> = {}; function t.f() end; return t.f ~= nil")())
