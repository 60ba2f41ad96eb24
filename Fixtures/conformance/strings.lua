local s = "Hello, Lua"
print(#s, s:upper(), s:lower(), s:sub(1, 5), s:sub(-3), s:sub(8, 100), s:sub(0))
print(s:byte(1), s:byte(-1), string.char(76, 117, 97), ("x"):rep(3), ("ab"):rep(3, ", "))
print(("abc"):reverse(), ("abc"):len(), "a" < "b", "abc" < "abd", "Z" < "a", "" < "a")
print("tab\tnew\\line", 'quote"s', "\65\066\x43\u{44}")
print(tostring(12), tostring(1.0), tostring(-0.0), tostring(true), tonumber("0x1p4"), tonumber("  42  "))
print(tonumber("z", 36), tonumber("ff", 16), tonumber("777", 8), tonumber("12", 2), tonumber("hello"))
print(10 .. 20, 1.5 .. "x", ("x"):rep(0), #("\0\0\0"))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = tostring(i * 1.5) end
print(table.concat(parts, " | "), table.concat({}, "x"), table.concat({1, 2, 3}))
