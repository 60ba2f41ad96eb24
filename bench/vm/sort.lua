-- table.sort with and without a comparator.
local random = math.random
math.randomseed(42)
local numbers, records = {}, {}
for i = 1, 200000 do numbers[i] = random(1, 1000000) end
for i = 1, 50000 do records[i] = {name = "n" .. random(1, 100000), score = random(1, 1000)} end
table.sort(numbers)
table.sort(records, function(a, b)
  if a.score ~= b.score then return a.score > b.score end
  return a.name < b.name
end)
print(numbers[1], numbers[100000], numbers[200000], records[1].score, records[1].name, records[50000].score)
