-- Numeric for: integer and float loops, limits that are floats, steps, overflow at the edges
for i = 1, 3.5 do io.write(i, " ") end print()
for i = 1.0, 3 do io.write(i, " ") end print()
for i = 1, 2, 0.5 do io.write(i, " ") end print()
for i = 3, 1 do io.write("never") end
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = math.maxinteger - 1, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger + 1, math.mininteger, -1 do io.write(i, " ") end print()
for i = 1, math.huge do if i > 3 then break end io.write(i, " ") end print()
for i = -1, -math.huge, -1 do if i < -3 then break end io.write(i, " ") end print()
for i = 0.1, 0.35, 0.1 do io.write(string.format("%.1f ", i)) end print()
for i = 1, 0.5 do io.write("never") end
for i = 5, 5 do io.write(i, " ") end print()
print(pcall(function() for i = 1, 2, 0 do end end))
print(pcall(function() for i = 1, "x" do end end))
print(pcall(function() for i = 1, 2, {} do end end))
print(pcall(function() for i = nil, 2 do end end))
print(pcall(function() for i = "1", 2 do end end))
local n = 0
for i = 1, 10 do n = n + i; i = i * 100 end
print(n)
