-- tostring with __tostring and __name; print uses them; errors name types by __name
local T = setmetatable({}, {__tostring = function() return "custom T" end})
print(T, tostring(T))
local named = setmetatable({}, {__name = "MyType"})
print((tostring(named):gsub("0x%x+", "ADDR")))
print(pcall(tostring, setmetatable({}, {__tostring = function() return 42 end})))
print(pcall(tostring, setmetatable({}, {__tostring = function() error("inside tostring", 0) end})))
print(pcall(function() return named + 1 end))
print(pcall(function() return #named end))
print(pcall(function() return named.x.y end))
print(pcall(string.rep, named))
print(string.format("%s|%s", T, 5))
print(tostring(nil), tostring(true), tostring(false), tostring(-0.0), tostring("s"))
print(pcall(tostring))
local mt = {__tostring = function(self) return "P(" .. self.x .. ")" end}
local points = {setmetatable({x = 1}, mt), setmetatable({x = 2}, mt)}
local texts = {}
for i, p in ipairs(points) do texts[i] = tostring(p) end
print(table.concat(texts, ", "))
print(pcall(table.concat, points))
