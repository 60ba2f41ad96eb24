-- %.14g everywhere: tostring, print, concatenation, io.write, string.format("%s")
local values = {1/3, 2/3, 1e-5, 123456.789, 1e21, 2^63, 100.25, 3.0, -0.5, 1e15 / 3}
local a, b, c = {}, {}, {}
for i, v in ipairs(values) do
  a[i] = tostring(v)
  b[i] = "" .. v
  c[i] = string.format("%s", v)
end
print(table.concat(a, " "))
print(table.concat(b, " ") == table.concat(a, " "), table.concat(c, " ") == table.concat(a, " "))
for _, v in ipairs(values) do io.write(v, " ") end
print()
