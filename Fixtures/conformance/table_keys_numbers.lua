-- Integer and float keys name the same entry when the float is integral
local t = {}
t[1] = "int"
print(t[1.0], t[1])
t[2.0] = "float two"
print(t[2], #t, math.type(next({[3.0] = true})))
t[2^53] = "big"
print(t[2^53], t[math.tointeger(2^53)])
t[1.5] = "half"
print(t[1.5], t[3/2])
local count = 0
for k, v in pairs({[1.0] = "a", [2] = "b", [3.0] = "c"}) do count = count + 1 end
print(count, #{[1.0] = "a", [2] = "b", [3.0] = "c"})
print(pcall(function() local u = {} u[0/0] = 1 end))
print(pcall(function() local u = {} u[nil] = 1 end))
print(({})[nil], rawget({}, 0/0))
local keys = {}
for k in pairs({10, 20, 30}) do keys[#keys + 1] = math.type(k) end
print(table.concat(keys, " "))
local m = {}
m[-0.0] = "zero"
print(m[0], m[-0.0], math.type(next(m)))
