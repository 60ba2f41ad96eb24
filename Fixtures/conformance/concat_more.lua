-- The .. operator: number formatting, chains and errors that name variables
print(1 .. "", 1.5 .. "", 2^63 .. "", -0.0 .. "", 1e100 .. "", 10 // 3 .. "", 10 / 2 .. "")
print("a" .. 1 .. 2, 1 .. 2 == "12", math.mininteger .. "", 0.1 .. "")
local parts = {}
for i = 1, 5 do parts[#parts + 1] = i .. ":" .. i * 1.5 end
print(table.concat(parts, " "))
local x
print(pcall(function() return "a" .. x end))
print(pcall(function() local t = {} return t .. "a" end))
print(pcall(function() return "a" .. true end))
local t = {name = nil}
print(pcall(function() return "x" .. t.name end))
print(pcall(function() return undefinedglobal .. "x" end))
local mt = {__concat = function(a, b)
  local l = type(a) == "table" and a.v or a
  local r = type(b) == "table" and b.v or b
  return l .. "+" .. r
end}
local a = setmetatable({v = "A"}, mt)
print(a .. "b", "b" .. a, a .. a, 1 .. a, a .. "x" .. "y")
