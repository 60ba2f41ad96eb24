local function level3() error("deep", 1) end
local function level2() level3() end
local function level1() local ok, e = pcall(level2); return ok, e end
print(level1())
local function thrower(level) error("msg", level) end
print(pcall(thrower, 1))
print(pcall(thrower, 2))
print(select(2, pcall(function() thrower(2) end)))
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, "inner")
  error("outer after " .. tostring(e2), 0)
end)
print(ok, e)
print(pcall(pcall))
print(pcall(pcall, error, "x"))
local t = setmetatable({}, {__index = function(_, k) error("no field " .. k) end})
print(pcall(function() return t.missing end))
print(xpcall(function() return 1, 2 end, print))
print(select('#', pcall(error)))
