local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 10}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local words = {"banana", "apple", "cherry", "date"}
table.sort(words)
print(table.concat(words, ","))
math.randomseed(42)
print(math.random(1, 100), math.random(1, 100), math.random(10), math.random(5, 6))
math.randomseed(7, 3)
print(math.random(1000000), math.random(0))
print(pcall(table.sort, {3, 1, 2}, function(a, b) return true end))
io.write("written", " ", 42, "\n")
print(type(os.time()), type(os.clock()))
local big = {}
for i = 1, 1000 do big[i] = (i * 7919) % 1000 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print(ok, big[1], big[1000])
