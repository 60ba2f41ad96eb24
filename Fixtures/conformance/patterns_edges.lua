-- gmatch's start position past the end matches nothing, not even "".
local function count(s, p, init)
  local n = 0
  for _ in string.gmatch(s, p, init) do n = n + 1 end
  return n
end
print(count("11 21 31", "%w*", 9), count("11 21 31", "%w*", 10), count("11 21 31", "%w*", 100))
for _, init in ipairs({0, 1, -2, -10, 4, 5}) do
  local positions = {}
  for k in string.gmatch("abc", "()", init) do positions[#positions + 1] = k end
  print(init, table.concat(positions, " "))
end

-- Malformed patterns say so.
for _, p in ipairs({"%b", "%ba", "[a", "[a%", "%f", "(.", ".)"}) do
  print(p, pcall(string.find, "a", p))
end

-- %p: an object's identity; values that are not objects print (null).
local t = {}
print(string.format("%p", t) == string.format("%p", t), string.format("%p", t) == string.format("%p", {}))
print(string.format("[%10p] [%-8p]", 1, nil))
print(pcall(string.format, "%.3p", t))

-- gsub that replaces nothing gives back the subject itself.
local s = string.rep("a", 100)
print(string.format("%p", s) == string.format("%p", (string.gsub(s, "b", "c"))))
print(string.format("%p", s) == string.format("%p", (string.gsub(s, ".", {x = "y"}))))
print(string.format("%p", s) == string.format("%p", (string.gsub(s, ".", function () end))))
print(string.format("%p", s) == string.format("%p", (string.gsub(s, ".", function (x) return x end))))
print(string.gsub(s, "a", "%0", 2) == s)
