-- Each loop iteration has fresh locals; repeat-until sees the body's locals
local fs = {}
for i = 1, 3 do fs[#fs + 1] = function() return i end end
for _, k in ipairs({"a", "b"}) do fs[#fs + 1] = function() return k end end
local j = 0
while j < 2 do
  j = j + 1
  local captured = j * 10
  fs[#fs + 1] = function() return captured end
end
local n = 0
repeat
  local inner = n
  fs[#fs + 1] = function() return inner end
  n = n + 1
until inner >= 1
local out = {}
for _, f in ipairs(fs) do out[#out + 1] = tostring(f()) end
print(table.concat(out, " "))
local counters = {}
for i = 1, 2 do
  local count = 0
  counters[i] = {inc = function() count = count + 1 return count end, get = function() return count end}
end
counters[1].inc() counters[1].inc() counters[2].inc()
print(counters[1].get(), counters[2].get())
local function outer()
  local x = 1
  local function set(v) x = v end
  local function get() return x end
  return set, get
end
local set, get = outer()
set(99)
print(get())
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 1, 0 do print("never") end
for x = 1.0, 2.0, 0.5 do io.write(x, " ") end print()
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger, math.mininteger + 2 do io.write(i, " ") end print()
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = "a", 2 do end end))
for i = 1, 3 do local i = i * 2 io.write(i, " ") end print()
