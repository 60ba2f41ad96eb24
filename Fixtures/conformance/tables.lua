local t = {10, 20, 30, x = "a", ["y z"] = "b", [1.0 + 1] = "replaced?"}
print(#t, t[1], t[2], t.x, t["y z"])
t[#t + 1] = 40
table.insert(t, 50)
table.insert(t, 1, 5)
print(#t, table.concat(t, ","))
print(table.remove(t), table.remove(t, 1), #t, table.concat(t, ","))
local u = table.pack(1, nil, 3)
print(u.n, u[1], u[2], u[3])
print(table.unpack({1, 2, 3}), table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
local keys = {}
for k in pairs({a = 1, b = 2, c = 3, d = 4}) do keys[#keys + 1] = k end
table.sort = table.sort or nil
local count = 0
for _, v in ipairs({1, 2, 3, nil, 5}) do count = count + v end
print(#keys, count)
local nested = {a = {b = {c = "deep"}}}
print(nested.a.b.c, rawget(nested, "a") == nested.a, rawlen({1, 2}), rawequal(t, t))
local m = {}
m[1] = 1; m[2] = 2; m[3] = 3
m[3] = nil
print(#m, next({}), type(next({5})))
local f = {}
f[2^53] = "big"
print(f[2^53], f[9007199254740992])
