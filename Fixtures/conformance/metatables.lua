local Vector = {}
Vector.__index = Vector
function Vector.new(x, y) return setmetatable({x = x, y = y}, Vector) end
function Vector.__add(a, b) return Vector.new(a.x + b.x, a.y + b.y) end
function Vector.__eq(a, b) return a.x == b.x and a.y == b.y end
function Vector.__lt(a, b) return a:length() < b:length() end
function Vector.__le(a, b) return a:length() <= b:length() end
function Vector.__tostring(v) return "(" .. v.x .. ", " .. v.y .. ")" end
function Vector.__len(v) return 2 end
function Vector.__unm(v) return Vector.new(-v.x, -v.y) end
function Vector.__concat(a, b) return tostring(a) .. tostring(b) end
function Vector:length() return self.x * self.x + self.y * self.y end
local a, b = Vector.new(1, 2), Vector.new(3, 4)
print(tostring(a + b), a == Vector.new(1, 2), a ~= b, a < b, b <= a, #a, tostring(-a), a .. b)
local calls = setmetatable({}, {__call = function(self, x) return "called with " .. x end})
print(calls(5))
local defaults = setmetatable({}, {__index = {color = "red"}})
print(defaults.color, defaults.size)
local log = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 2); log[#log + 1] = k end})
proxy.a = 1
proxy.a = 5
print(proxy.a, #log)
local protected = setmetatable({}, {__metatable = "locked"})
print(getmetatable(protected), pcall(setmetatable, protected, {}))
print(getmetatable("x").__index == string, rawequal(a, a))
local chain = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return k .. "?" end})})
print(chain.anything)
