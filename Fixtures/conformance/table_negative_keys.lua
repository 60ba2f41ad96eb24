-- Keys that are not 1..n: zero, negatives, huge integers, floats; # ignores them
local t = {[0] = "zero", [-1] = "minus one", [math.maxinteger] = "max", [math.mininteger] = "min", [2^60] = "float key"}
print(t[0], t[-1], t[math.maxinteger], t[math.mininteger], t[2^60], t[1 << 60], #t)
t[1] = "one"
print(#t, t[1])
local count = 0
for k, v in pairs(t) do count = count + 1 end
print(count)
local u = {}
u[-5] = 1
for i = -4, 0 do u[i] = i end
print(#u, u[-5], u[0])
