-- goto: continue idiom, nested loops, backward jumps, labels at block ends
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
local i = 1
::top::
if i <= 3 then
  io.write("round ", i, " ")
  i = i + 1
  goto top
end
print()
for a = 1, 3 do
  for b = 1, 3 do
    if a * b == 4 then goto done end
    io.write(a, "*", b, " ")
  end
end
::done::
print()
local fs = {}
do
  local k = 0
  ::again::
  local captured = k
  fs[#fs + 1] = function() return captured end
  k = k + 1
  if k < 3 then goto again end
end
print(fs[1](), fs[2](), fs[3]())
do
  goto skip
  print("skipped")
  ::skip::
end
while true do
  goto out
end
::out::
print("after while")
print(load("goto nowhere") == nil, select(2, load("goto nowhere")))
print(select(2, load("do local x ::l1:: end goto l1")))
print(select(2, load("::a:: ::a::")))
print(select(2, load("goto f; local x; ::f:: print(x)")))
