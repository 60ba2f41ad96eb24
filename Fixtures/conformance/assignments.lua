-- Multiple assignment: evaluation order, swaps, extra and missing values
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
t[1], t[3] = t[3], t[1]
print(t[1], t[2], t[3])
local x, y = (function() return 1, 2, 3 end)()
print(x, y)
local p, q, r = (function() return 1, 2 end)(), 10
print(p, q, r)
local function f() return 5, 6 end
local m = {f(), f()}
print(#m, m[1], m[2], m[3])
local s = 0
for k = 1, 3 do s = s + k end
print(s)
local u, v = 1
print(u, v)
local obj = {}
obj.x, obj.y = 1, 2
print(obj.x + obj.y)
local g = {}
g.a, g.a = 1, 2
print(g.a == 1 or g.a == 2)
do local a <const> = 5; print(a * 2) end
print(select(2, load("local c <const> = 1; c = 2")))
print(select(2, load("local z <foo> = 1")))
