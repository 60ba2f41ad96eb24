-- find/match/gmatch with init positions, anchors and plain searches
local s = "one two one two"
print(s:find("one", 2), s:find("one", -3), s:find("one", -100), s:find("two", 100))
print(s:find("o", 1, true), s:find("", 1), s:find("", #s + 1), s:find("", #s + 2))
print(s:match("(%a+)", 5), s:match("^one", 9), s:match("^two", 5), s:match("two$"))
print(("aaa"):find("a", 0), ("aaa"):find("a", -1), ("a.b"):find(".", 2, true))
print(("x^y"):find("^", 1, true), ("x^y"):find("%^"), ("^x"):match("^^x"))
local count = 0
for w in s:gmatch("one") do count = count + 1 end
print(count)
local starts = {}
for a in ("abcabc"):gmatch("()b") do starts[#starts + 1] = a end
print(table.concat(starts, ","))
print(("hello"):gmatch("l")(), select("#", ("abc"):gsub("x", "y")))
local it = ("k1=v1;k2=v2"):gmatch("(%w+)=(%w+)")
print(it())
print(it())
print(it())
print(("abc"):find("b", 1.0), pcall(string.find, "abc", "b", 1.5))
print(("ab"):rep(3):find("ba", 3))
print(string.find("abc", "[b-]"), string.find("a-c", "[b-]"), string.find("a]c", "[]]"))
print(string.find("abc", "[^%a]"), string.find("a1c", "[^%a]"), string.match("2024-01-05", "(%d+)-(%d+)-(%d+)"))
