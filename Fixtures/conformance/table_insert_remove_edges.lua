-- table.insert and table.remove at the edges, with Lua's wrap-around.
local t = setmetatable({}, {__len = function () return math.maxinteger end})
table.insert(t, 20)
print(next(t))
local a = {[0] = "ban"}
print(#a, table.remove(a), a[0])
print(pcall(table.remove, {1, 2, 3}, 7))
print(pcall(table.remove, {}, -1))
print(table.remove({}, 0), table.remove({}))
print(pcall(table.insert, {1}, 5, 2))
print(pcall(table.insert, {1}, 0, 2))
local b = {10, 20, 30, 40}
print(table.remove(b, #b + 1), #b, table.remove(b, 2), table.concat(b, ","))
local c = {}
table.insert(c, 1, "x"); table.insert(c, 1, "y"); table.insert(c, 3, "z")
print(table.concat(c, ","))
