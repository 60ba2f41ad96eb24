-- Literals at the edges: underflow, overflow, hex floats, long digit strings
print(1e-400, 1e400, -1e400, 0x1p-1074, 0x1p1023 * 2, 0x.8, 0xA.Cp1)
print(123456789012345678, 1234567890123456789012, 0.1e1, 1E0, 00.5)
print(0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF + 1, 0x1234567890ABCDEF0)
print(3 == 3.0000000000000001, 2^-1074 > 0, 2^-1075 == 0, math.type(0x10), math.type(0x1p4))
print(.0, 0., 0x0p0, -0x1, - 0x1p0)
