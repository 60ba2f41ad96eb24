-- type, rawequal, rawlen, rawget/rawset argument checks, _G and _VERSION
print(type(nil), type(1), type("s"), type({}), type(print), type(type), type(coroutine.create(print)))
print(pcall(type))
print(_VERSION, _G._G == _G, _G.print == print, _ENV == _G)
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal({}, {}), pcall(rawequal, 1))
print(pcall(rawlen, 5))
print(pcall(rawget, 1, 2))
print(pcall(rawset, {}, nil, 1))
print(rawget(setmetatable({}, {__index = function() return 1 end}), "x"))
print(select('#', rawset({}, 1, 2)), type(rawset({}, 1, 2)))
x = 10
print(_G.x, _ENV.x, rawget(_G, "x"))
local _ENV = {print = print}
y = 5
print(y, x)
