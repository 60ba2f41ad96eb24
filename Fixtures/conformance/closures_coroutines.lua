-- Closures made inside coroutines keep their upvalues after the coroutine ends
local makers = {}
local co = coroutine.wrap(function()
  for i = 1, 3 do
    local captured = i * 100
    makers[i] = function() captured = captured + 1 return captured end
    coroutine.yield(i)
  end
  return "finished"
end)
print(co(), co(), co(), co())
print(makers[1](), makers[1](), makers[2](), makers[3]())
local shared = 0
local a = coroutine.create(function() for i = 1, 3 do shared = shared + 1 coroutine.yield(shared) end end)
local b = coroutine.create(function() for i = 1, 3 do shared = shared + 10 coroutine.yield(shared) end end)
for i = 1, 3 do
  local _, x = coroutine.resume(a)
  local _, y = coroutine.resume(b)
  io.write(x, " ", y, " ")
end
print(shared)
local function producer()
  return coroutine.wrap(function()
    for _, w in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(w) end
  end)
end
local function filter(source)
  return coroutine.wrap(function()
    for w in source do if w ~= "beta" then coroutine.yield(w:upper()) end end
  end)
end
for w in filter(producer()) do io.write(w, " ") end print()
