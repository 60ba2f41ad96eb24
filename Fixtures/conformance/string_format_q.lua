-- %q quoting: control characters, quotes, newlines, digits after escapes, integers and floats
print(string.format("%q", 'he said "hi"\n'))
print(string.format("%q", "tab\there\0null\1\0011\r\127\255"))
print(string.format("%q", "\\back\\slash"))
print(string.format("%q", 1), string.format("%q", -1), string.format("%q", 1.5), string.format("%q", 0.1))
print(string.format("%q", math.huge), string.format("%q", -math.huge), string.format("%q", 2^63))
print(string.format("%q", true), string.format("%q", nil), string.format("%q", false))
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%10q", "x"))
local s = "line1\nline2\r\n\"quoted\"\0end"
local back = load("return " .. string.format("%q", s))()
print(back == s, #back)
print(load("return " .. string.format("%q", 0.1))() == 0.1)
print(load("return " .. string.format("%q", math.mininteger))() == math.mininteger)
