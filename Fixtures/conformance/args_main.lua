-- The main chunk's varargs and the arg table
print(select('#', ...), ...)
print(arg[0], #arg, arg[1])
local function f(...) return select('#', ...) end
print(f(...), f(nil, ...))
local packed = {...}
print(#packed)
