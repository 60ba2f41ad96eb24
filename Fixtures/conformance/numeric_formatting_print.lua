-- print of numbers from arithmetic: integers stay integers, floats show '.0' or exponent
print(1 + 1, 1 + 1.0, 2 * 3.0, 10 / 2, 3 // 2, 3.0 // 2, 2^2, 7 % 2.0)
print(1e15 + 1, 1e15 * 10, 2^53 - 1, 2^53 + 2, 0.1 * 3, 1 - 0.9)
print(100000000000000, 1e14, 123.0, -123.0, 1.5e-10, 12345678.9)
print(math.maxinteger * 1.0, math.mininteger * 1.0, -(2^63), 2^63 // 1)
print(3 | 0, 3.0 // 1, math.floor(3.5), math.ceil(3.5), 3.5 // 1)
