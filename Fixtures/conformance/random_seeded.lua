-- math.random: seeded sequences match Lua 5.4's xoshiro256**
math.randomseed(42)
local out = {}
for i = 1, 5 do out[#out + 1] = math.random(1, 100) end
print(table.concat(out, " "))
math.randomseed(123, 456)
out = {}
for i = 1, 5 do out[#out + 1] = math.random(1000000) end
print(table.concat(out, " "))
math.randomseed(7)
print(string.format("%.10f %.10f", math.random(), math.random()))
print(math.random(5, 5), pcall(math.random, 5, 1))
print(pcall(math.random, 1, 2, 3))
math.randomseed(0)
print(math.random(0), math.random(math.mininteger, math.maxinteger))
math.randomseed(99)
local t = {}
for i = 1, 10 do t[i] = i end
for i = #t, 2, -1 do
  local j = math.random(i)
  t[i], t[j] = t[j], t[i]
end
print(table.concat(t, ","))
math.randomseed(2.0)
print(math.random(10))
