local t = {}
t[1] = "a"; t[2] = "b"; t[4] = "d"
print(#t == 2 or #t == 4, t[3])
local u = {n = 1, [1] = "x", [2.0] = "y", [-1] = "neg", [0] = "zero"}
print(u[1], u[2], u[-1], u[0], u.n, #u)
local keys = 0
for k, v in pairs(u) do keys = keys + 1 end
print(keys)
local seq = {}
for i = 1, 100 do seq[i] = i end
for i = 1, 100, 2 do seq[i] = nil end
local c = 0
for k in pairs(seq) do c = c + 1 end
print(c)
local clear = {a = 1, b = 2, c = 3, d = 4, e = 5}
for k in pairs(clear) do clear[k] = nil end
print(next(clear))
local nested = {{1, 2}, {3, {4, 5}}}
print(nested[2][2][2], #nested, #nested[2])
local mixed = {1, 2, 3, x = 4, 5}
print(#mixed, mixed[4], mixed.x)
local s = {}
s["1"] = "string key"; s[1] = "number key"
print(s["1"], s[1])
table.insert(s, "appended")
print(#s, s[2])
print(rawlen({1, 2, nil, 4}) >= 2, select('#', table.unpack({1, nil, 3})))
