local out = {}
for i = 1, 3 do for j = i, 3 do out[#out + 1] = i * 10 + j end end
print(table.concat(out, " "))
out = {}
for i = 0.1, 0.5, 0.1 do out[#out + 1] = string.format("%.1f", i) end
print(table.concat(out, " "))
out = {}
for i = 5, 1, -2 do out[#out + 1] = i end
print(table.concat(out, " "))
out = {}
for i = math.maxinteger - 1, math.maxinteger do out[#out + 1] = i end
print(#out)
for i = math.mininteger, math.mininteger + 2 do out[#out + 1] = i end
print(#out)
local count = 0
for i = 1, 3 do local i = i * 2; count = count + i end
print(count)
local k = 0
repeat k = k + 1 local done = k >= 3 until done
print(k)
local fns = {}
for _, name in ipairs({"a", "b", "c"}) do fns[#fns + 1] = function() return name end end
print(fns[1](), fns[2](), fns[3]())
print(pcall(function() for i = 1, "x" do end end))
print(pcall(function() for i = 1, 10, 0 do end end))
for i = 3, 1 do print("never") end
