-- Assorted string functions on bytes, empty strings and long inputs
local s = string.rep("abc", 1000)
print(#s, s:sub(-3), s:find("cab", 2990, true), select(2, s:gsub("abc", "")))
print(("\0\1\2"):byte(1, -1))
print(#string.format("%099d", 7), string.format("%-3s|", "abcdef"))
print(("test"):rep(0) == "", ("x"):rep(1, "sep"), ("ab"):rep(2, ""))
print(("Hello World"):lower():upper(), ("ÄÖ"):upper() == "ÄÖ", ("abc"):len())
print(string.reverse("a\0b"), #string.reverse(s))
print(("%a+"):len(), ("a+b"):find("+", 1, true), ("a.b.c"):gsub("%.", "/"))
print(tostring(""):len(), ("  x  "):match("^%s*(.-)%s*$"), ("a,b;c d"):gsub("[,; ]", "|"))
local parts = {}
for part in ("a,,b,"):gmatch("([^,]*)") do parts[#parts + 1] = "<" .. part .. ">" end
print(table.concat(parts))
print(("abc"):sub(2, 2), ("abc"):sub(4, 5) == "", ("abc"):sub(0, 0) == "", ("abc"):sub(-1, -1))
print(string.format("%s", string.rep("z", 5, ",")), ("x"):byte(-1), ("xyz"):byte(-3))
