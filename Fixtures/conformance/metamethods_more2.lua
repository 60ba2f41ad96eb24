-- __index on non-tables via the string metatable, __newindex chains, __len on tables, __unm, rawequal
local smt = getmetatable("")
print(("abc"):upper(), smt.__index == string, #"abc")
local chain = {}
local target = {}
setmetatable(chain, {__newindex = setmetatable({}, {__newindex = target})})
chain.x = 5
print(rawget(chain, "x"), target.x)
local counted = setmetatable({1, 2, 3}, {__len = function() return 99 end})
print(#counted, rawlen(counted))
local neg = setmetatable({}, {__unm = function() return "negated" end, __bnot = function() return "inverted" end})
print(-neg, ~neg)
local cmp = {__lt = function(a, b) return a.v < b.v end, __le = function(a, b) return a.v <= b.v end}
local x, y = setmetatable({v = 1}, cmp), setmetatable({v = 2}, cmp)
print(x < y, x <= y, x > y, x >= y, y > x)
local eqmt = {__eq = function(a, b) return a.id == b.id end}
local e1, e2 = setmetatable({id = 1}, eqmt), setmetatable({id = 1}, eqmt)
print(e1 == e2, e1 ~= e2, rawequal(e1, e2))
local called = setmetatable({}, {__call = function(self, ...) return select('#', ...), ... end})
print(called(), called(nil), called(1, 2))
local idx = setmetatable({}, {__index = function(t, k) return k * 2 end})
print(idx[21], idx[1.5])
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(getmetatable({}), getmetatable(1), getmetatable(print))
local protected = setmetatable({}, {__metatable = false})
print(getmetatable(protected), pcall(setmetatable, protected, nil))
local t = setmetatable({}, {__index = table})
t:insert("a")
t:insert("b")
print(t:concat(","))
