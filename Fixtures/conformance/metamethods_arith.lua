-- Arithmetic, bitwise, comparison, length and unary metamethods
local V = {}
V.__index = V
local function v(x) return setmetatable({x = x}, V) end
V.__add = function(a, b) return v((type(a) == "table" and a.x or a) + (type(b) == "table" and b.x or b)) end
V.__sub = function(a, b) return v(a.x - b.x) end
V.__mul = function(a, b) return v(a.x * (type(b) == "table" and b.x or b)) end
V.__div = function(a, b) return "div" end
V.__mod = function(a, b) return "mod" end
V.__pow = function(a, b) return "pow" end
V.__idiv = function(a, b) return "idiv" end
V.__unm = function(a) return v(-a.x) end
V.__band = function() return "band" end
V.__bor = function() return "bor" end
V.__bxor = function() return "bxor" end
V.__shl = function() return "shl" end
V.__shr = function() return "shr" end
V.__bnot = function() return "bnot" end
V.__len = function(a) return a.x * 10 end
V.__eq = function(a, b) return a.x == b.x end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(a) return "v(" .. a.x .. ")" end
local a, b = v(3), v(4)
print(tostring(a + b), tostring(a + 1), tostring(1 + a), tostring(a - b), tostring(a * 2), tostring(-a))
print(a / b, a % b, a ^ b, a // b, a & b, a | b, a ~ b, a << 1, 1 >> a, ~a)
print(#a, a == b, a == v(3), a ~= v(3), a < b, a <= b, a > b, a >= b)
print(rawequal(a, v(3)), rawlen({1, 2}), rawlen("abc"))
print(pcall(function() return a < 1 end))
print(pcall(function() return {} + 1 end))
print(pcall(function() return 1 & 1.5 end))
print(pcall(function() return "a" | 1 end))
print(pcall(function() return 2^63 | 0 end))
local t = setmetatable({}, {__eq = function() return true end})
print(t == {}, t == setmetatable({}, getmetatable(t)), t == 1)
