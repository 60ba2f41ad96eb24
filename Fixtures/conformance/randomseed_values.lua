-- math.randomseed and math.random argument checks
print(select('#', math.randomseed(42)))
math.randomseed(1, 2)
local a = math.random(100)
math.randomseed(1, 2)
print(a == math.random(100))
print(pcall(math.random, 0))
print(pcall(math.random, 2, 1))
print(pcall(math.random, 1.5))
print(math.random(3, 3), math.type(math.random()), math.type(math.random(10)))
math.randomseed(10)
local seen = {}
for i = 1, 1000 do local r = math.random(1, 6); seen[r] = (seen[r] or 0) + 1 end
local keys = 0
for k in pairs(seen) do keys = keys + 1 end
print(keys, seen[0], seen[7])
math.randomseed(5)
local floats = {}
for i = 1, 3 do floats[i] = string.format("%.6f", math.random()) end
print(table.concat(floats, " "))
print(pcall(math.randomseed, "x"))
