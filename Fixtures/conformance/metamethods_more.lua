local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
V.__eq = function(a, b) return a.x == b.x end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__concat = function(a, b)
  local l = type(a) == "table" and "V" .. a.x or tostring(a)
  local r = type(b) == "table" and "V" .. b.x or tostring(b)
  return l .. r
end
V.__call = function(self, y) return self.x * y end
V.__unm = function(a) return setmetatable({x = -a.x}, V) end
V.__len = function(a) return a.x end
V.__tostring = function(a) return "V(" .. a.x .. ")" end
V.__name = "Vector"
local function v(x) return setmetatable({x = x}, V) end
local a, b = v(1), v(2)
print((a + b).x, a == v(1), a ~= b, a < b, a <= b, a > b, b >= a)
print(a .. b, a .. "!", 3 .. a, a(10), (-a).x, #b, tostring(a))
print(pcall(function() return a + 1 end))
print(pcall(function() return a < 1 end))
print(rawequal(a, v(1)), rawlen({1, 2}), rawget(a, "x"))
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get " .. k; return k .. "!" end,
  __newindex = function(t, k, val) log[#log + 1] = "set " .. k; rawset(t, k, val) end,
})
print(proxy.foo, proxy.bar)
proxy.foo = 1
print(proxy.foo, table.concat(log, ","))
local chain = setmetatable({}, {__index = setmetatable({mid = "m"}, {__index = {deep = "d"}})})
print(chain.mid, chain.deep, chain.none)
local ro = setmetatable({}, {__newindex = function() error("read-only table", 2) end})
print(pcall(function() ro.x = 1 end))
local protected = setmetatable({}, {__metatable = "locked"})
print(getmetatable(protected), pcall(setmetatable, protected, {}))
print(getmetatable("abc").__index == string, ("x"):upper())
local counter = setmetatable({}, {__index = function(t, k) return k * 2 end})
print(counter[21], counter[1.5])
local eqa = setmetatable({}, {__eq = function() return true end})
local eqb = setmetatable({}, {__eq = function() return false end})
print(eqa == eqb, eqb == eqa, eqa == {}, {} == eqa)
local bits = setmetatable({}, {__band = function() return "band" end, __shl = function() return "shl" end, __bnot = function() return "bnot" end})
print(bits & 1, 1 << bits, ~bits)
local idx = setmetatable({}, {__index = string})
print(idx.format("%d", 5))
local pairsmt = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, val in pairs(pairsmt) do print("pairs", k, val) end
local div = setmetatable({}, {__div = function(a, b) return "div" end, __idiv = function() return "idiv" end, __mod = function() return "mod" end, __pow = function() return "pow" end})
print(div / 2, 2 // div, div % 3, div ^ 2)
