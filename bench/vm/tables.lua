local t = {}
for i = 1, 2000000 do t[i] = i * 2 end
local s = 0
for i = 1, #t do s = s + t[i] end
local h = {}
for i = 1, 200000 do h["k" .. (i % 1000)] = i end
print(s, h.k7)
