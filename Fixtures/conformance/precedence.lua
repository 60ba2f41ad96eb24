-- Operator precedence and associativity
print(not 1 == 2, not (1 == 2), -2 ^ 2, 2 ^ -1, 2 ^ 3 ^ 2, (2 ^ 3) ^ 2)
print(1 .. 2 .. 3, "a" .. "b" == "ab", 1 + 2 .. "", 2 * 3 + 4 * 5, 10 - 4 - 3, 100 / 10 / 5)
print(1 < 2 == true, "x" .. 1 + 2, -3 % 5, -(3 % 5), #"abc" + 1, -#"ab")
print(nil and 1, false or nil, 1 and nil, nil or false, 1 or error("never"), false and error("never"))
print(1 or 2 and 3, nil or 2 and 3, (nil or 2) and 3, 1 and 2 or 3, nil and 2 or 3, false == nil)
print(5 & 3 | 8, 5 | 3 & 1, 1 << 2 + 1, (1 << 2) + 1, 6 ~ 3 & 1, ~0 >> 60)
print(3 .. 4 < "35", "10" < "9", 2^63 > math.maxinteger, 7 // 2 * 2 + 7 % 2)
print(not nil == true, not not 0, - - 2, not #"" == 0)
local t = {f = function() return function() return "inner" end end}
print(t.f()(), ("x"):rep(2):upper(), #t.f()())
local a = {b = {c = {d = 42}}}
print(a.b.c.d, a["b"]["c"].d, (a).b.c["d"])
print(2 ^ 0.5 * 2 ^ 0.5 == 2, 1e308 + 1e308 == math.huge)
