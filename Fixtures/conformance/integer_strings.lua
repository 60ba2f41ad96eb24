-- Integers and floats turned into strings and back
for _, v in ipairs({0, 1, -1, 255, 2^31, 2^32, 2^53, math.maxinteger, math.mininteger}) do
  local s = tostring(v)
  io.write(s, "->", tostring(tonumber(s)), " ")
end
print()
print(string.format("%d %s %g", 42, 42, 42), 42 // 1, 42 / 1, math.tointeger(42.0))
print(tostring(1e15), tostring(1e16), tostring(-1e15), tostring(123456789012.0))
print(tonumber("0x1p4"), tonumber("1e2"), tonumber("  0x10  "), tonumber("1_000"))
print(string.format("%.0f", 0.5), string.format("%.0f", 1.5), string.format("%.0f", 2.5))
print(string.format("%5.3s|", "abcdef"), string.format("%-8d|", 42), string.format("%+.2e", 12345.6789))
print(math.tointeger("0x10"), math.tointeger(" 5 "), tostring(0x10), tostring(1e2))
print(8 // 3 .. "", 8 / 4 .. "", -7 // 2 .. "", 2^2 .. "")
