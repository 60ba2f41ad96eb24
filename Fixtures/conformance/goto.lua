-- continue
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  local doubled = i * 2
  io.write(doubled, " ")
  ::continue::
end
print()

-- a loop made of goto, with closures capturing a fresh local each time
local fns = {}
do
  local i = 1
  ::top::
  local j = i
  fns[#fns + 1] = function() return j end
  i = i + 1
  if i <= 3 then goto top end
end
print(fns[1](), fns[2](), fns[3]())

-- breaking out of nested loops
for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then
      print("found", i, j)
      goto done
    end
  end
end
::done::

-- forward goto out of a block whose local was captured
local saved
do
  local x = 10
  saved = function() return x end
  if x then goto out end
  x = 20
end
::out::
print(saved())

-- goto in a while loop with a label at the end of the body
local n, out = 0, {}
while n < 6 do
  n = n + 1
  if n == 3 then goto skip end
  out[#out + 1] = n
  ::skip::
end
print(table.concat(out, ","))

-- labels in nested functions are their own
local function inner()
  goto finish
  do return "not here" end
  ::finish::
  return "inner done"
end
print(inner())

-- repeat with goto
local k = 0
repeat
  k = k + 1
  if k < 3 then goto again end
  print("k", k)
  ::again::
until k >= 4

-- compile errors from load
print(load("goto nowhere"))
print(load("::a:: ::a::"))
print(load("goto f; local x; ::f:: print(x)"))
print(load("do goto f; local x; ::f:: end") ~= nil)
print(load("local function f() goto out end ::out::"))
