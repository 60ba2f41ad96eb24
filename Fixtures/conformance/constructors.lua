-- Table constructors: positional and keyed fields, separators, nested, varargs last
local t = {1, 2, x = "x", 3; 4, [10] = "ten", ["key with space"] = true, [1 + 1] = "ignored?"}
print(#t, t[1], t[2], t[3], t[4], t.x, t[10], t["key with space"])
local u = {[1] = "a", "b"}
print(u[1])
local v = {"first", [1] = "override"}
print(v[1])
local nested = {{1, 2}, {3, {4, 5}}, n = {m = {}}}
print(nested[2][2][2], #nested, type(nested.n.m))
local function three() return 1, 2, 3 end
print(#{three()}, #{three(), three()}, #{(three())}, #{three(), nil})
local trailing = {1, 2, 3,}
local semi = {1; 2; 3;}
print(#trailing, #semi)
local empty = {}
print(next(empty), #empty)
local mixed = {[1.0] = "float key", [2] = "int"}
print(mixed[1], #mixed)
local computed = {}
for i = 1, 5 do computed[#computed + 1] = {i, i * i} end
print(computed[5][2], #computed)
local big = {}
for i = 1, 100 do big[i] = i end
print(#big, big[100], select('#', table.unpack(big)))
local s = {["end"] = 1, ["nil"] = 2, ["and"] = 3}
print(s["end"], s["nil"], s["and"])
