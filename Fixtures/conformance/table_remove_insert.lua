-- table.insert and table.remove keep sequences dense, at the front, middle and end
local t = {}
for i = 1, 5 do table.insert(t, i) end
table.insert(t, 1, 0)
table.insert(t, 4, "mid")
print(table.concat(t, " "), #t)
print(table.remove(t, 1), table.remove(t, 3), table.remove(t), #t, table.concat(t, " "))
while #t > 0 do table.remove(t, 1) end
print(#t, next(t))
local q = {}
for i = 1, 3 do q[#q + 1] = i end
print(table.remove(q, 1), table.remove(q, 1), table.remove(q, 1), table.remove(q, 1), #q)
local s = {"a"}
print(table.remove(s, 2), #s)
print(table.remove(s, 1), table.remove(s, 1), #s)
