local log = {}
local mt = {}
mt.__index = function(t, k) log[#log + 1] = "get " .. tostring(k); return k * 2 end
mt.__newindex = function(t, k, v) log[#log + 1] = "set " .. tostring(k); rawset(t, k, v + 1) end
mt.__call = function(self, a, b) return a + b, "called" end
mt.__concat = function(a, b) return "cat" end
mt.__unm = function() return "neg" end
mt.__len = function() return 99 end
mt.__lt = function(a, b) return true end
mt.__le = function(a, b) return false end
mt.__mod = function(a, b) return "mod" end
mt.__idiv = function(a, b) return "idiv" end
mt.__band = function(a, b) return "band" end
mt.__shl = function(a, b) return "shl" end
mt.__bnot = function(a) return "bnot" end
local t = setmetatable({}, mt)
print(t[21], t(3, 4))
t[1] = 10
print(rawget(t, 1), t[1], #t, -t, t .. "x", "x" .. t, t < t, t <= t, t > t)
print(t % 1, t // 1, t & 1, t << 1, ~t, 1 % t)
print(table.concat(log, ","))
local eqmt = {__eq = function(a, b) return a.id == b.id end}
local a, b, c = setmetatable({id = 1}, eqmt), setmetatable({id = 1}, eqmt), setmetatable({id = 2}, eqmt)
print(a == b, a == c, a ~= c, a == 1)
local named = setmetatable({}, {__name = "MyType"})
print(pcall(function() return named + 1 end))
print(pcall(function() return #named < 1 end))
local strmt = getmetatable("")
print(strmt.__index == string, ("x"):rep(2))
local proxy = setmetatable({}, {__index = string})
print(proxy.upper("abc"))
