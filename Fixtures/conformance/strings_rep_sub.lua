-- string.rep, sub, byte, char, upper, lower, reverse, len at their edges
print(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -2), string.rep("", 5) == "")
print(string.rep("a", 1, "SEP"), ("-"):rep(10))
local s = "hello world"
print(s:sub(1, 5), s:sub(-5), s:sub(-5, -2), s:sub(0), s:sub(7, 100), s:sub(5, 3) == "", s:sub(-100, 2))
print(s:sub(3), s:sub(math.mininteger, math.maxinteger) == s, s:sub(12) == "")
print(s:byte(), s:byte(1, 3), s:byte(-1), s:byte(100), select('#', s:byte(100)))
print(string.char(), string.char(104, 105), pcall(string.char, 256), pcall(string.char, -1))
print(("MiXeD 123"):upper(), ("MiXeD 123"):lower(), ("abc"):reverse(), (""):reverse() == "")
print(#"\0\1\2", ("a\0b"):len(), ("a\0b"):upper() == "A\0B")
print(("x"):rep(3, ""), pcall(string.rep))
print(string.sub("abc", 2.0), pcall(string.sub, "abc", 1.5))
print(("%d"):format(7), ("abc"):find("b"), ("abc"):upper():lower())
print(tostring(("abc")[1]), ("abc").len == string.len, ("abc").nothing, type(print), tostring(print):match("^function: ") ~= nil)
