-- Building long strings: table.concat of many parts, repeated .., string.rep
local parts = {}
for i = 1, 10000 do parts[i] = tostring(i) end
local s = table.concat(parts, ",")
print(#s, s:sub(1, 20), s:sub(-20))
local acc = ""
for i = 1, 500 do acc = acc .. i % 10 end
print(#acc, acc:sub(1, 12))
local big = string.rep("ab", 50000)
print(#big, select(2, big:gsub("ab", "")), big:find("ba", 99990, true))
local lines = {}
for line in (("x\n"):rep(1000)):gmatch("[^\n]+") do lines[#lines + 1] = line end
print(#lines)
