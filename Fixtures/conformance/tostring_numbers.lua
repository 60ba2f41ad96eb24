-- tostring and print of numbers: %.14g for floats, ".0" for integral floats, inf, nan
local values = {0, -0, 0.0, -0.0, 1, 1.0, -1.5, 100, 100.0, 1e14, 1e15, 1e16, 1e100, 123456789.123,
  0.1, 1/3, 2^24, 2^53, 2^63, 2^64, -2^63, 3.14159265358979, 1e-10, 5e-324, math.maxinteger, math.mininteger,
  math.huge, -math.huge}
for _, v in ipairs(values) do io.write(tostring(v), " ") end
print()
print(0/0 ~= 0/0, tostring(1e300 * 1e10), tostring(-1e300 * 1e10))
print(string.format("%s|%s", 7, 7.0), 7 .. "|" .. 7.0, tostring(7) == "7")
print(12345678901234567890, 0xffffffffffffffff, 0x7fffffffffffffff, 9007199254740993)
print(1e15 + 0.5, 123456789012.5, 2^-1074 > 0, 1.5e300 * 1.5e10)
print(math.pi, -math.pi, math.pi * 1e10, 1 / 7)
