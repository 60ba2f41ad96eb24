-- Cyclic garbage in a loop: memory must stay flat.
collectgarbage()
local before = collectgarbage("count")
for i = 1, 200000 do
  local t = {}
  t.self = t
  local child = {parent = t}
  t.child = child
  t.f = function() return t end
end
collectgarbage()
local after = collectgarbage("count")
print(after < before * 4 + 1000)
local keep = {}
for i = 1, 1000 do keep[i] = {i} end
collectgarbage()
print(#keep, keep[500][1])
