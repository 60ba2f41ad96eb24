local f = load("return 1 + 2")
print(f())
print(load("x = ")) 
print(load("syntax error here"))
print(load("return ...", "chunk")(4, 5))
local env = {print = print}
local g = load("y = 10 function h() return y end return h()", "=envchunk", "t", env)
print(g(), env.y, y, env.h ~= nil, h)
local parts = {"return ", "'pie", "ces'"}
local i = 0
print(load(function() i = i + 1 return parts[i] end)())
print(load("\27Lua", nil, "t"))
print(load("return 1", "x", "b"))
print(pcall(load("error('boom')", "=mine")))
print(pcall(load("return nil + 1")))
print(pcall(load("local a = {}\nlocal b = 2\nreturn a.b.c", "multi\nline")))
local fn = load("local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end return fact")()
print(fn(10))
print(load("return function() return debugname end")()())
print(pcall(load, 42))
print(load("return _ENV", "e", "t", nil)())
print(load("local x = "))
print(load("do"))
print(load("return 1 x"))
print(load("x = 'abc"))
print(load("x = [[abc\nmore"))
print(pcall(load("error('e')", "=" .. string.rep("n", 80))))
print(load("return +", string.rep("long line ", 10)))
-- A loaded chunk's functions are plain closures: a global of the same name
-- as a loaded function is simply replaced.
function twice(x) return 2 * x end
local before = twice
load("function twice(x) return 3 * x end")()
print(before(5), twice(5), before == twice)
