-- Bitwise operators: shifts past the width, negative shifts, floats with integral values, errors
print(1 << 63, 1 << 64, 1 << -1, 2 >> 1, -1 >> 1, -1 >> 63, -1 >> 64, -1 << 0)
print(5 & 3, 5 | 3, 5 ~ 3, ~5, ~0, ~math.mininteger)
print(3.0 | 0, 2^53 | 0, "3" == 3, math.type(3.0 | 0))
print(0xFF & 0x0F, 0xF0 >> 4, 1 << 62, (1 << 62) * 2)
print(pcall(function() return 1.5 | 0 end))
print(pcall(function() return "3" | 0 end))
print(pcall(function() return {} | 0 end))
print(pcall(function() local s = "a" return s & 1 end))
print(pcall(function() return 2^64 | 0 end))
print(math.maxinteger & math.mininteger, math.maxinteger | math.mininteger, math.maxinteger ~ -1)
local x = 0x5555
for i = 1, 4 do x = (x << 1) ~ (x >> 3) end
print(x)
print(1 << 31, 1 << 32, 0xFFFFFFFF + 1, 0x7FFFFFFFFFFFFFFF + 1 == math.mininteger)
