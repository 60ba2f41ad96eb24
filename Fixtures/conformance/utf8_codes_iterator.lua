-- utf8.codes' iterator takes its string and position as Lua's does.
for p, c in utf8.codes("ab\u{10FFFF}c") do io.write(p, ":", c, " ") end
print()
local step = utf8.codes("")
print(step("", 2), step("", -1), step("", math.mininteger), step("xy", 1))
print(pcall(function () for _ in utf8.codes("ab\xff") do end end))
