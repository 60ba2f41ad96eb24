-- Anchored patterns in gsub, find, match and gmatch
print(("aaa"):gsub("^a", "b"), ("aaa"):gsub("a$", "b"), ("hello"):gsub("^", ">"), ("hello"):gsub("$", "<"))
print(("abc"):find("^b"), ("abc"):find("^a"), ("abc"):match("^(%a)"), ("a^b"):find("^", 1, true))
local n = 0
for w in ("one two"):gmatch("^%a+") do n = n + 1 io.write(w, " ") end
print(n)
print(("  x"):gsub("^%s*", ""), ("x  "):gsub("%s*$", ""), ("$x"):gsub("^%$", "#"))
print(("line1\nline2"):gsub("^", "> "), ("abc"):gsub("^.", string.upper))
for w in ("a^b^c"):gmatch("^%a") do io.write(w, " ") end print()
for w in ("one two three"):gmatch("%a+", 5) do io.write(w, " ") end print()
for w in ("one two three"):gmatch("%a+", -5) do io.write(w, " ") end print()
for w in ("abc"):gmatch(".", 10) do io.write(w, " ") end print()
