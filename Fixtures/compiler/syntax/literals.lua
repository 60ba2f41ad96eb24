local numbers = {0, 42, 3.0, 3.1416, 314.16e-2, 0.31416E1, 34e1, 0x0.1E, 0xA23p-4, 0X1.921FB54442D18P+1,
  0xff, 0xBEBADA, 1e308, .5, 5., 0x7fffffffffffffff, 9223372036854775807, 0xffffffffffffffff, 9223372036854775808}
local strings = {'single', "double", "esc\a\b\f\n\r\t\v\\\"\'", "\x41\65\066\0x", "\u{48}\u{7FFFFFFF}\u{0}",
  "line1\
line2", "skip \z
      spaces", [[long
string]], [==[with ]] inside]==], [=[
first newline skipped]=]}
--[[ a long
comment ]] local after = 1
--[==[ another
]] still comment ]==]
local bytes = "\xff\xfe invalid utf-8 kept"
