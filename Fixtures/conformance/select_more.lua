-- select with positive, negative and out-of-range indexes
print(select(1, "a", "b", "c"))
print(select(2, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
print(select(4, "a", "b", "c"))
print(select('#'), select('#', nil), select('#', nil, nil), select('#', ...))
print(pcall(select, 0, "a"))
print(pcall(select, -4, "a", "b", "c"))
print(pcall(select, "x"))
print(pcall(select))
local function count(...) return select('#', ...) end
print(count(nil, nil, nil), count(table.unpack({1, nil, 3}, 1, 3)))
local function last(...) return (select(-1, ...)) end
print(last(1, 2, 3), last("only"))
print(select(2.0, "a", "b"))
print(pcall(select, 1.5, "a"))
