local sum = 0
for i = 1, 10 do sum = sum + i end
for i = 10, 1, -2 do sum = sum + i end
for i = 1.0, 2.0, 0.25 do sum = sum + i end
for i = 1, 0 do sum = sum + 1000 end
for i = math.maxinteger - 2, math.maxinteger do sum = sum + 1 end
print(sum)
local n = 0
while true do n = n + 1; if n >= 5 then break end end
repeat local m = n; n = n - 1 until m <= 2
print(n)
local r = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j > i then break end
    r[#r + 1] = i .. j
  end
end
print(table.concat(r, " "))
local x = 5
if x > 10 then print("big") elseif x > 3 then print("medium") else print("small") end
print(x > 3 and "yes" or "no", nil and 1 or 2, false or nil, 0 and "zero is true")
local a, b = 1, 2
a, b = b, a
print(a, b)
local function fact(k) if k <= 1 then return 1 end return k * fact(k - 1) end
print(fact(20), fact(21))
local function depth(k) if k == 0 then return 0 end return 1 + depth(k - 1) end
print(depth(10000))
