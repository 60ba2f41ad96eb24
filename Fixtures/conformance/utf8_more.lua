-- utf8 library: lengths with invalid bytes, codepoints, offsets, codes, char, lax mode
print(utf8.char(72, 228, 8364, 128512), utf8.charpattern)
local s = "häll€ 😀"
print(#s, utf8.len(s), utf8.len(s, 3), utf8.len(s, -4), utf8.len(""))
print(utf8.len("abc\xffdef"), utf8.len("\xe4"), utf8.len("abc", 4), pcall(utf8.len, "abc", 5))
print(utf8.codepoint(s, 1, -1))
print(utf8.codepoint("abc", 2), pcall(utf8.codepoint, "\xff"))
print(utf8.offset(s, 1), utf8.offset(s, 3), utf8.offset(s, -1), utf8.offset(s, 0, 3), utf8.offset(s, 20))
print(pcall(utf8.offset, s, 1, 3))
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end print()
print(pcall(function() for p, c in utf8.codes("a\xffb") do end end))
print(utf8.len("\u{7FFFFFFF}"), utf8.len("\u{7FFFFFFF}", 1, -1, true), utf8.codepoint("\u{10FFFF}"))
print(pcall(utf8.codepoint, "\u{110000}"), utf8.codepoint("\u{110000}", 1, 1, true))
print(pcall(utf8.char, -1), pcall(utf8.char, 0x80000000))
print(utf8.char(), #utf8.char(0x7FF, 0x800, 0xFFFF, 0x10000))
print(("x€y"):match(utf8.charpattern, 2))
for _, c in utf8.codes("") do print("never") end
print(utf8.len("\xed\xa0\x80"), utf8.len("\xc0\x80"))
