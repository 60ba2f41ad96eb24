-- Operator precedence and associativity, every operator.
local a, b, c = 1, 2, 3
local x = a + b * c - a / b // c % 2
local y = a ^ b ^ c            -- right associative
local z = "a" .. "b" .. "c"    -- right associative
local w = -a ^ 2               -- unary binds looser than ^
local v = not a == b
local u = a < b and b <= c or a > c and c >= b or a ~= b
local t = a & b | c ~ a << 1 >> 2
local s = ~a, #"abc", - -a
local r = (a + b) * c
local q = 2^-3
local p = a .. b + c
local o = ((a))
