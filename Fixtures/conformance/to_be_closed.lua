local function closer(name)
  return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil
  print("in block")
end
print("after block")
local function f()
  local x <close> = closer("x")
  return "result", 2
end
print(f())
for i = 1, 2 do
  local y <close> = closer("y" .. i)
  if i == 2 then break end
end
print(pcall(function()
  local z <close> = closer("z")
  error("boom")
end))
print(pcall(function()
  local w <close> = setmetatable({}, {__close = function() error("in close") end})
  error("first")
end))
print(pcall(function() local bad <close> = {} end))
print(pcall(function() local bad <close> = 42 end))
local co = coroutine.wrap(function()
  local k <close> = closer("k")
  coroutine.yield("yielded")
  return "done"
end)
print(co())
print(co())
do
  local g <close> = closer("g")
  goto out
end
::out::
print(pcall(function()
  local n <close> = closer("n")
  local m <close> = setmetatable({}, {__close = function(_, e) print("m sees", e) error("m failed", 0) end})
  error("orig", 0)
end))
local t <close> = closer("chunk")
print("end of chunk")
local function iter(n)
  local closer = setmetatable({}, {__close = function() print("iterator closed") end})
  local i = 0
  return function() i = i + 1; if i <= n then return i end end, nil, nil, closer
end
for i in iter(2) do print(i) end
for i in iter(5) do if i == 2 then break end print(i) end
print(pcall(function() for i in iter(3) do error("stop") end end))
print(pcall(function() for i in next, {}, nil, 42 do end end))
local function find() for i in iter(9) do if i == 3 then return i end end end
print(find())
for k, v in pairs({a = 1}) do print(k, v) end
