-- Sorting records by several keys with a comparator (ties broken explicitly)
local people = {
  {name = "ann", age = 31}, {name = "bob", age = 27}, {name = "cid", age = 31},
  {name = "dee", age = 22}, {name = "eve", age = 27}, {name = "fay", age = 40},
}
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
local out = {}
for _, p in ipairs(people) do out[#out + 1] = p.name .. p.age end
print(table.concat(out, " "))
table.sort(people, function(a, b) return a.name > b.name end)
out = {}
for _, p in ipairs(people) do out[#out + 1] = p.name end
print(table.concat(out, " "))
local nums = {}
for i = 1, 50 do nums[i] = (i * 37) % 50 end
table.sort(nums, function(a, b) return a > b end)
print(nums[1], nums[25], nums[50])
