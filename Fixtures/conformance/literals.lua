-- Numeric and string literals in every form the lexer reads
print(0x10, 0xA.8p0, 0x1p-2, 0X.1P4, 1e2, 1E+2, 3., .5, .5e1, 0x1P+4, 0xffffffffffffffff, 0x10000000000000001)
print(9223372036854775807, 9223372036854775808, 1e309, 0e0, 00012, 0x0)
print("\65\066\x43\u{44}\u{20AC}", '\'', "\"", "tab\tend", "a\z
       b", "\x41\x42", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print([[long
string]], [==[with ]] inside]==], [[
first newline skipped]])
print(#[[

two]], "\\", "\a\b\f\v" == "\7\8\12\11", "\0" == "\x00")
--[[ block
comment ]] print("after block comment")
--[==[ another ]] still comment ]==] print("after level-2 comment")
print(select(2, load("return \"unfinished")))
print(select(2, load("return '\\q'")))
print(select(2, load("return \"\\300\"")))
print(select(2, load("return 0x")))
print(select(2, load("return 1e")))
print(select(2, load("return [==[ open")))
print(select(2, load("x = 3 @ 4")))
print(select(2, load("return \"\\u{110000000}\"")))
