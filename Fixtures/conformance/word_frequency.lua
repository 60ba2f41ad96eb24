-- Counting words: gmatch, lower, table counts, sorting by count then word
local text = [[The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs!
A fox, a dog, and THE end.]]
local counts = {}
for word in text:lower():gmatch("%a+") do counts[word] = (counts[word] or 0) + 1 end
local list = {}
for word, n in pairs(counts) do list[#list + 1] = {word = word, n = n} end
table.sort(list, function(a, b) if a.n ~= b.n then return a.n > b.n end return a.word < b.word end)
for i = 1, 5 do io.write(list[i].word, "=", list[i].n, " ") end
print()
print(#list)
