print(string.find("hello world", "wor"), string.find("hello", "l+"), string.find("a.b", ".", 1, true), string.find("abc", "x"))
print(string.match("key = value", "(%w+)%s*=%s*(%w+)"), string.match("2024-01-15", "(%d+)-(%d+)-(%d+)"))
print(string.match("  trim  ", "^%s*(.-)%s*$"), string.match("hello", "()ll()"), string.match("abc", "^b"))
for word in string.gmatch("one two  three", "%a+") do io_write = (io_write or "") .. word .. "," end
print(io_write)
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do print(k, v) end
print(string.gsub("hello world", "o", "0"), string.gsub("hello", "", "-"), string.gsub("abc", "%w", "%0%0"))
print(string.gsub("hello world", "(%w+)", "<%1>"), string.gsub("abc", "b", {b = "B"}), string.gsub("abc", ".", function(c) return c:upper() end))
print(string.gsub("THE (quick) fox", "%((%w+)%)", "%1"), string.gsub("x = 1 + 2", "%s", "", 2))
print(string.find("f(a(b)c)d", "%b()"), string.match("THE END", "%f[%a]%a+"), string.gsub("aaa", "a-", "x"))
print(("%d"):rep(2), string.match("[test]", "%[(.*)%]"), string.match("a1b2", "[%d]+"), string.match("x-y", "[a-z]%-[a-z]"))
print(pcall(string.match, "x", "("), pcall(string.match, "x", "%"), pcall(string.gsub, "x", "x", "%2"))
print(string.match("abab", "(ab)%1"), string.find("abc", "b", -1), string.find("abc", "", 10), string.find("", ""))
print(string.gsub("one two", "(%w+) (%w+)", "%2 %1"), ("x"):gsub(".", {x = false}), string.match("hello", ".-(l+)(.*)"))
