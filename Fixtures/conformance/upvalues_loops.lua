-- Upvalues of loop variables and of locals declared in loop bodies, closed at each iteration's end
local getters = {}
for i = 1, 3 do
  local j = i
  getters[#getters + 1] = function() return i, j end
  j = j + 10
end
for _, g in ipairs(getters) do io.write(table.concat({g()}, ","), " ") end print()
local setters, readers = {}, {}
for k = 1, 2 do
  local v = 0
  setters[k] = function(x) v = x end
  readers[k] = function() return v end
end
setters[1](5) setters[2](7)
print(readers[1](), readers[2]())
local fns = {}
local n = 0
while n < 3 do
  n = n + 1
  local m = n
  fns[n] = function() m = m + 1 return m end
end
print(fns[1](), fns[1](), fns[2](), fns[3]())
local list = {}
for _, name in ipairs({"a", "b"}) do
  for idx = 1, 2 do list[#list + 1] = function() return name .. idx end end
end
local out = {}
for _, f in ipairs(list) do out[#out + 1] = f() end
print(table.concat(out, " "))
