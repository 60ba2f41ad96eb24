-- __concat with numbers and strings on either side; __len results of any type
local C = setmetatable({}, {__concat = function(a, b)
  local function s(x) return type(x) == "table" and "C" or tostring(x) end
  return s(a) .. s(b)
end})
print(C .. 1, 1 .. C, "s" .. C, C .. C, 1.5 .. C, C .. "a" .. "b", "a" .. "b" .. C)
local L = setmetatable({}, {__len = function() return "not a number" end})
print(#L)
local F = setmetatable({}, {__len = function() return 2.5 end})
print(#F, pcall(table.unpack, F))
print(pcall(function() return {} .. C end), pcall(function() return true .. C end))
