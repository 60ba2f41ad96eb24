-- A function run by xpcall may yield; the handler sees a stack overflow
-- where it happened, with room to run.
local function f(a, b) a = coroutine.yield(a); error{a + b} end
local function g(x) return x[1] * 2 end
local co = coroutine.wrap(function () coroutine.yield(xpcall(f, g, 10, 20)) end)
print(co())
print(co(100))

local resumed = coroutine.wrap(function (...)
  local ok, value = xpcall(function (x) return coroutine.yield(x) + 1 end, print, ...)
  return ok, value
end)
print(resumed(41))
print(resumed(41))

local function closer(f) return setmetatable({}, {__close = f}) end
local function overflow(n) overflow(n + 1) end
local function handler(m)
  print("handler got", m)
  local x <close> = closer(function (o) o[1] = 10 end)
  return x
end
local flag, st, obj
coroutine.wrap(function ()
  local y <close> = closer(function (o) o[1] = 100; flag = o end)
  st, obj = xpcall(overflow, handler, 0)
end)()
print(st, obj[1], flag[1])
