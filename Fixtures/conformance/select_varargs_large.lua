-- Many values through varargs, table.unpack and select
local t = {}
for i = 1, 250 do t[i] = i end
local function count(...) return select('#', ...) end
print(count(table.unpack(t)), select(250, table.unpack(t)), select(-1, table.unpack(t)))
local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + select(i, ...) end
  return s
end
print(sum(table.unpack(t)))
local packed = table.pack(table.unpack(t, 100, 200))
print(packed.n, packed[1], packed[101])
print(math.max(table.unpack(t)), math.min(table.unpack(t)))
print(string.char(table.unpack({72, 105})), #string.format(string.rep("%d", 100), table.unpack(t)))
