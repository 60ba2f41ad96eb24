-- Strings with bytes above 127 and zero bytes: lengths, comparisons, patterns, upper/lower
local s = "caf\xc3\xa9 \x00 \xff"
print(#s, s:byte(4), s:byte(-1), s:upper() == "CAF\xc3\xa9 \x00 \xff", s:lower() == s)
print("\xff" > "a", "\x80" < "\x7f", "a\0" > "a", ("\0"):rep(3) == "\0\0\0")
print(("x\xffy"):find("\xff"), ("\xe2\x82\xac"):len(), ("abc\xff"):match("%a+"), ("\xff"):match("%A"))
local t = {"\xffz", "a", "\x80", "Z", ""}
table.sort(t)
local shown = {}
for i, v in ipairs(t) do shown[i] = #v > 0 and v:byte(1) or -1 end
print(table.concat(shown, " "))
print(("%q"):format("\xff\x80"), ("\0"):byte(), #tostring("\0"))
print(string.format("%s|%5s|", "\0a", "\xff"):byte(1, -1))
