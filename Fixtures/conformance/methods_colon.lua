-- Method calls: self is the receiver, chained, on strings, through __index chains
local obj = {n = 0}
function obj:add(k) self.n = self.n + k return self end
function obj.static(x) return x * 2 end
print(obj:add(1):add(2):add(3).n, obj.static(21), obj.add(obj, 4).n)
local s = "text"
print(s:upper():lower():rep(2), ("%d-%d"):format(1, 2), #s:rep(3))
local proto = {greet = function(self, who) return (self.name or "?") .. " greets " .. who end}
local child = setmetatable({name = "child"}, {__index = proto})
print(child:greet("you"), proto:greet("x"))
print(pcall(function() return obj:missing() end))
local t = {f = function(...) return select('#', ...) end}
print(t:f(), t.f(), t:f(nil), t.f(t, 1, 2))
