local t = {1, 2, 3; x = 1, ["y"] = 2, [1 + 1] = 3, f = function(...) return ... end,}
local empty = {}
local nested = {{}, {{}}, {a = {b = {c = 1}}}}
t.x, t[2], empty.z = 1, 2
t.f(1)(2)
t:method("a"):other{1}:third"s"
print "hello"
print [[long]]
local function f(a, b, ...) local c <const> = 10 return a, b, c, ... end
local g <close> = nil
function t.a.b.c(x) return x end
function t.a.b:m(x) return self, x end
function global_function() end
do local inner = 1 end
while t.x do t.x = nil break end
repeat local r = 1 until r == 1
if a then elseif b then elseif c then else end
if a then end
for i = 1, 10 do end
for i = 10, 1, -1 do local j = i end
for k, v in pairs(t) do end
for k in next, t do end
local x = function() end
local y = (f)(1)
local z = f(1, 2, f(3))
;;;
return t, f(1)
