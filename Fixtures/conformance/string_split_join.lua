-- Splitting and joining strings in several ways
local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end
local parts = split("a,b,,c", ",")
print(#parts, table.concat(parts, "|"))
parts = split("one::two::three", "::")
print(#parts, table.concat(parts, "|"))
local words = {}
for w in ("  the quick  brown fox "):gmatch("%S+") do words[#words + 1] = w end
print(#words, table.concat(words, "_"))
local csv = "name,age\nann,31\nbob,27"
for line in csv:gmatch("[^\n]+") do
  local a, b = line:match("([^,]*),([^,]*)")
  io.write(a, "=", b, ";")
end
print()
print(("x"):rep(3, "-"), table.concat({}, "-"), table.concat({"solo"}, "-"))
