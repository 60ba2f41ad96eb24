-- while and repeat with complex conditions, nested breaks and locals in until
local i, found = 0, nil
while i < 100 and not found do
  i = i + 1
  if i * i > 50 then found = i end
end
print(i, found)
local n = 0
repeat
  local square = n * n
  n = n + 1
until square > 20 or n > 100
print(n)
local outer = 0
while true do
  outer = outer + 1
  local inner = 0
  while true do
    inner = inner + 1
    if inner >= outer then break end
  end
  if outer >= 4 then break end
end
print(outer)
local a, b = 10, 0
while a > b do a, b = a - 1, b + 1 end
print(a, b)
local r = 0
repeat r = r + 1 until true
print(r)
local count = 0
for x = 1, 3 do
  local y = 0
  repeat
    y = y + 1
    count = count + 1
  until y >= x
end
print(count)
