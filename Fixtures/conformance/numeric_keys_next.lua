-- next and pairs visit every key once; modifying existing keys while traversing is allowed
local t = {}
for i = 1, 10 do t[i] = i end
for k = 1, 5 do t["k" .. k] = k end
t[1.5] = "f"
local seen, count = {}, 0
for k, v in pairs(t) do
  count = count + 1
  seen[tostring(k)] = true
  t[k] = nil
end
print(count, next(t), seen["1"], seen["k5"], seen["1.5"])
local u = {a = 1, b = 2, c = 3}
for k, v in pairs(u) do u[k] = v * 10 end
print(u.a, u.b, u.c)
local sum = 0
for k, v in next, {5, 6, 7} do sum = sum + k * v end
print(sum)
local holes = {1, nil, 3, nil, 5}
local keys = {}
for k in pairs(holes) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
