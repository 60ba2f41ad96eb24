-- table.sort: comparators, errors from comparisons inside sort, invalid order functions
local t = {5, 2, 8, 1, 9, 3}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local words = {"banana", "Apple", "cherry", "apple"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(table.concat(words, " "))
print(pcall(table.sort, {1, "x", 2}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {3, 1, 2}, function(a, b) error("cmp failed") end))
local one, none = {42}, {}
table.sort(one) table.sort(none)
print(one[1], #none)
local big = {}
for i = 1, 200 do big[i] = (i * 7919) % 211 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[200])
local records = {{n = "b", v = 2}, {n = "a", v = 1}, {n = "c", v = 3}}
table.sort(records, function(x, y) return x.v < y.v end)
print(records[1].n, records[2].n, records[3].n)
print(pcall(table.sort, {1, 2, 3}, 5))
print(pcall(table.sort, nil))
local floats = {3.5, -1, 2, 0.5, math.huge, -math.huge}
table.sort(floats)
print(table.concat(floats, " "))
