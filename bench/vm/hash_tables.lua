-- Hash-part work: string keys set, read, counted and cleared.
local counts = {}
local words = {}
for i = 1, 2000 do words[i] = "w" .. (i * 7919 % 2000) end
for round = 1, 100 do
  for i = 1, #words do
    local word = words[i]
    counts[word] = (counts[word] or 0) + round
  end
end
local total, keys = 0, 0
for key, value in pairs(counts) do total = total + value; keys = keys + 1 end
for i = 1, #words, 2 do counts[words[i]] = nil end
local left = 0
for _ in pairs(counts) do left = left + 1 end
print(total, keys, left)
