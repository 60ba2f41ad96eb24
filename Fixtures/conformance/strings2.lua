print(("abc"):rep(2), ("abc"):sub(2, -2), ("abc"):sub(5), ("abc"):sub(-10, 2), ("hello"):byte(1, -1))
print(("%a+"):len(), ("x"):upper(), string.char(), string.rep("-", 3, "+"), ("a,b,,c"):gsub(",", ";"))
print(("  padded  "):match("^%s*(.-)%s*$") .. "|", ("CamelCaseWord"):gsub("(%u)", " %1"))
print(("key=val; other=thing"):match("other=(%w+)"), ("2024"):match("^%d+$"), ("20x4"):match("^%d+$"))
print(string.format("[%10s][%-10s][%.2s]", "right", "left", "truncate"))
print(string.format("%q", "tab\there"), string.format("%5.1f|%-8.3e|%g", 1/3, 12345.6789, 1e-5))
print(("one two three"):find("two"), ("one two three"):find("t%w+", 6), ("a+b"):find("+", 1, true))
local words = {}
for w in ("The quick brown fox"):gmatch("%a+") do words[#words + 1] = w:lower() end
print(table.concat(words, "_"), #words)
print(("hello world"):gsub("o", {o = "0"}), ("abc"):gsub("", "-"), ("abc"):gsub(".", "%0%0", 2))
print(("x = 10, y = 20"):gsub("(%w+) = (%w+)", "%2 = %1"))
print(tostring(("abc"):find("b", 1, true)), ("aaa"):find("a-", 2), ("test123"):match("%a+(%d+)"))
print(("%"):rep(3), ("a.b.c"):gsub("%.", "/"), ("path/to/file.txt"):match("([^/]+)%.(%w+)$"))
