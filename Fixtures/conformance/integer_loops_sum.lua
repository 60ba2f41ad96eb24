-- Integer arithmetic in loops stays exact; mixing in a float turns sums into floats
local s = 0
for i = 1, 100000 do s = s + i end
print(s, math.type(s))
local f = 0
for i = 1, 10 do f = f + 0.1 end
print(f, f == 1.0, math.abs(f - 1.0) < 1e-12)
local p = 1
for i = 1, 20 do p = p * i end
print(p)
p = p * 21
print(p, p < 0)
local x = 0
for i = 1, 64 do x = x * 2 + 1 end
print(x, x == -1)
local h = 0
for c in ("hash me"):gmatch(".") do h = (h * 31 + c:byte()) & 0xFFFFFFFF end
print(h)
