-- table.unpack and table.sort at the edges of the integers.
local maxI, minI = math.maxinteger, math.mininteger
print(pcall(table.unpack, {}, minI, maxI))
print(pcall(table.unpack, {}, 0, maxI))
print(pcall(table.unpack, {}, -maxI, maxI))
print(select('#', table.unpack({}, maxI, minI)))
print(table.unpack({[maxI - 1] = 12, [maxI] = 23}, maxI - 1, maxI))
print(table.unpack({[minI] = 1.5, [minI + 1] = 2.5}, minI, minI + 1))
local huge = setmetatable({}, {__len = function () return maxI end})
print(pcall(table.sort, huge))
local negative = setmetatable({}, {__len = function () return -1 end})
table.sort(negative, error)
print("sorted nothing")
