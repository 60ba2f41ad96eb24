-- Ranges everywhere: negative and zero indexes, beyond the end, reversed ranges
local s = "abcdef"
for _, r in ipairs({{1, 3}, {-3, -1}, {0, 2}, {4, 100}, {5, 2}, {-100, 1}, {7, 7}, {6, 6}}) do
  io.write(string.format("[%s]", s:sub(r[1], r[2])), " ", select('#', s:byte(r[1], r[2])), " ")
end
print()
print(table.concat({1, 2, 3, 4}, ",", 2, 3), table.concat({1, 2, 3}, ",", 4), table.concat({}, ",", 1, 0))
print(table.unpack({1, 2, 3}, 2, 3), table.unpack({1, 2, 3}, 3, 2))
print(select(-2, "a", "b", "c"), select(3, "a", "b", "c"))
print(("abc"):find("c", -1), ("abc"):find("a", -1), ("abc"):match(".", -2))
print(string.format("%.3s|%.0s|%5.2s|", "abcdef", "abc", "xyz"))
print(#table.pack(table.unpack({1, nil, 3}, 1, 3)), table.pack(table.unpack({}, 1, 2)).n)
