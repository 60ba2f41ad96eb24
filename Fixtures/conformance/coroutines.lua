local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
    return "done"
  end)
end
local g = gen(3)
print(g(), g(), g(), g())
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "fin", d + e
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
print(select('#', coroutine.running()))
local bad = coroutine.create(function() error("boom") end)
print(coroutine.resume(bad))
print(coroutine.resume(bad))
print(coroutine.close(bad))
local bad2 = coroutine.create(function() error({code = 1}) end)
local ok, e = coroutine.resume(bad2); print(ok, type(e), e.code)
print(pcall(coroutine.yield, 1))
local w = coroutine.wrap(function() error("inner") end)
print(pcall(w))
-- upvalues shared between coroutine and outside
local counter = 0
local co2 = coroutine.create(function()
  local x = 0
  local function inc() x = x + 1; counter = counter + 1; return x end
  coroutine.yield(inc)
  inc()
  coroutine.yield(x)
end)
local _, inc = coroutine.resume(co2)
print(inc(), inc(), counter)
print(coroutine.resume(co2))
print(inc(), counter)
-- yield across pcall
local co3 = coroutine.create(function() return pcall(function() coroutine.yield(1) end) end)
print(coroutine.resume(co3))
-- nested coroutines
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() coroutine.yield("a"); coroutine.yield("b") end)
  coroutine.yield(inner()); coroutine.yield(inner())
  print(coroutine.status(coroutine.running()))
end)
print(outer(), outer())
-- producer/consumer with sort
local t = {}
for v in coroutine.wrap(function() for i = 5, 1, -1 do coroutine.yield(i) end end) do t[#t+1] = v end
table.sort(t) print(table.concat(t, ","))
print(coroutine.resume(coroutine.running()))
local co4 = coroutine.create(function() return coroutine.yield() end)
coroutine.resume(co4)
print(coroutine.close(co4), coroutine.status(co4))
print(pcall(coroutine.resume, coroutine.running()))
print(coroutine.isyieldable())
print(coroutine.wrap(function() return coroutine.isyieldable() end)())
local main, ismain = coroutine.running()
print(type(main), ismain)
