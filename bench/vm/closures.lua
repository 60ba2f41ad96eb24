local function make(n) local c = 0 return function() c = c + n return c end end
local total = 0
for i = 1, 300000 do
  local f = make(i % 10)
  total = total + f() + f()
end
print(total)
