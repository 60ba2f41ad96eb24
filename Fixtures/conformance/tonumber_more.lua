-- tonumber with and without bases, odd spellings, and math.type of results
local cases = {"10", "  10  ", "0x10", "0X1f", "-0x10", "1e1", "1E-2", ".5", "5.", "0x.8", "0x1p4", "1e",
  "", " ", "0x", "1 2", "inf", "nan", "1e500", "-1e500", "9223372036854775807", "9223372036854775808",
  "-9223372036854775808", "0x7fffffffffffffff", "0xffffffffffffffff", "0x10000000000000000", "10abc", "\t7\n"}
for _, s in ipairs(cases) do
  local n = tonumber(s)
  print(string.format("%q", s), n, math.type(n))
end
print(tonumber("10", 2), tonumber("ff", 16), tonumber("FF", 16), tonumber("zz", 36), tonumber("Zz", 36))
print(tonumber("8", 8), tonumber("7", 8), tonumber("-101", 2), tonumber("  11  ", 3), tonumber("1.0", 10))
print(tonumber(10), tonumber(1.5), tonumber(nil ~= nil), tonumber({}) == nil)
print(pcall(tonumber), pcall(tonumber, "10", 1), pcall(tonumber, "10", 37), pcall(tonumber, 10, 10))
print(math.type(1), math.type(1.0), math.type("1"), math.type(nil))
print(pcall(math.type))
