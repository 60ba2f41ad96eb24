-- pcall passes every result through, and error values through unchanged
print(pcall(function() return 1, nil, 3 end))
print(select('#', pcall(function() return nil, nil end)))
print(pcall(function(...) return ... end, "a", "b"))
print(pcall(pcall, error, "inner"))
print(pcall(error, 42), pcall(error, 4.5), pcall(error, false))
local ok, t = pcall(error, {x = 1})
print(ok, type(t), t.x)
print(pcall(function() error("with level 2", 2) end))
local function thrower() error("from thrower", 2) end
local function caller() thrower() end
print(pcall(caller))
print(pcall(string.format, "%d", {}))
print(pcall(print, setmetatable({}, {__tostring = function() return "printed" end})))
print(select('#', pcall(print)))
local results = {pcall(table.unpack, {1, 2, 3})}
print(#results, results[1], results[4])
