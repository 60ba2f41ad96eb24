local people = {{name = "Ann", age = 31}, {name = "Bob", age = 25}, {name = "Cid", age = 31}, {name = "Dee", age = 19}}
table.sort(people, function(a, b) if a.age ~= b.age then return a.age < b.age end return a.name < b.name end)
local names = {}
for _, p in ipairs(people) do names[#names + 1] = p.name .. p.age end
print(table.concat(names, " "))
local nums = {}
for i = 1, 200 do nums[i] = (i * 37) % 101 end
table.sort(nums)
local ok = true
for i = 2, #nums do if nums[i] < nums[i - 1] then ok = false end end
print(ok, nums[1], nums[200])
table.sort(nums, function(x, y) return x > y end)
print(nums[1], nums[200])
local strs = {"banana", "Apple", "cherry", "apple", "Banana"}
table.sort(strs)
print(table.concat(strs, ","))
local one = {42}
table.sort(one)
print(one[1], pcall(table.sort, {1, "x"}))
local t = {3, 1, 2}
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, ""))
