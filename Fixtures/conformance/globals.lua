x = 10
local function readGlobal() return x end
x = 20
print(readGlobal(), _G.x, _G["x"])
_G.y = "via _G"
print(y)
local env = _ENV
print(env == _G, type(_ENV))
function defineLater() return laterValue end
laterValue = "defined after"
print(defineLater())
local count = 0
for k, v in pairs(_G) do if k == "x" or k == "y" then count = count + 1 end end
print(count)
print(rawget(_G, "x"), rawequal(_G, _ENV), _VERSION)
z = nil
print(z, rawget(_G, "z"))
