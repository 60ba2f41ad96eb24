-- tonumber and arithmetic coercion of numerals with spaces and signs
local samples = {"42", "  42  ", "\t-7\n", "+5", "-0", "\v13\f", " 0x10 ", "1e3", "  .5",
  "123456789012345678", "1234567890123456789", "99999999999999999999",
  "9223372036854775807", "-9223372036854775808", "9223372036854775808",
  "12a", "", " ", "- 1", "--1", "+-1", "0x", "1 2", "\r\n8\r\n"}
for _, s in ipairs(samples) do
  local n = tonumber(s)
  print(string.format("%q", s), n, math.type(n))
end
print("10" + 1, " 3 " * 2, "0x10" + 0, pcall(function() return "1 2" + 1 end))
-- gsub replacement strings
print(("hello world"):gsub("o", "[%0]"))
print(("hello world"):gsub("(o)", "<%1>"))
print(("hello world"):gsub("l", "%1"))
print(("abc"):gsub("()b", "%1"))
print(("abc"):gsub("b", "%%"))
print(("key=value; k2=v2"):gsub("(%w+)=(%w+)", "%2=%1"))
print(("abc"):gsub("", "-"))
print(("abc"):gsub("^a", "A"))
print(("aaa"):gsub("a", "b", 2))
print(("x = 1"):gsub("%s", 5))
print(pcall(string.gsub, "abc", "(b)", "%2"))
print(pcall(string.gsub, "abc", "b", "%x"))
print(pcall(string.gsub, "abc", "b", "%"))
