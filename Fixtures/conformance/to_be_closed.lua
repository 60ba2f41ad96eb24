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
