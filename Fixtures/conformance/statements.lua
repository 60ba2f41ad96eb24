-- Statements: empty statements, do blocks, while/repeat with breaks, nested functions, semicolons
;;; local a = 1; ; local b = 2;
do local a = 10; print(a) end
print(a, b)
local i = 0
while true do
  i = i + 1
  if i == 3 then break end
end
print(i)
local j = 0
repeat
  j = j + 1
  local done = j >= 4
until done
print(j)
local k = 0
while k < 10 do
  k = k + 1
  repeat
    if k % 2 == 0 then break end
  until true
end
print(k)
local function outer()
  local function inner(x) return x * 2 end
  return inner(21)
end
print(outer())
local t = {}
function t.a() return "a" end
function t:b() return self == t end
t.c = {}
function t.c.d() return "d" end
print(t.a(), t:b(), t.c.d(), t.b(t))
if false then print("no") elseif nil then print("no") elseif 0 then print("zero is true") else print("no") end
if "" then print("empty string is true") end
local x = 1
do local x = x + 1; print(x) end
print(x)
return
