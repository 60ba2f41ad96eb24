local function pair()
  local value = 0
  local function get() return value end
  local function set(v) value = v end
  return get, set
end
local get1, set1 = pair()
local get2, set2 = pair()
set1(10); set2(20)
print(get1(), get2())
local counters = {}
for i = 1, 3 do
  local count = 0
  counters[i] = {inc = function() count = count + i; return count end, peek = function() return count end}
end
counters[1].inc(); counters[2].inc(); counters[2].inc(); counters[3].inc()
print(counters[1].peek(), counters[2].peek(), counters[3].peek())
local function make()
  local a = 1
  return function()
    local b = 2
    return function()
      a = a + 1; b = b + 1
      return a + b
    end
  end
end
local inner = make()()
print(inner(), inner())
local x = 1
local function readx() return x end
x = 5
print(readx())
local acc = {}
local i = 1
while i <= 3 do
  local j = i
  acc[i] = function() return j + i end
  i = i + 1
end
print(acc[1](), acc[2](), acc[3]())
