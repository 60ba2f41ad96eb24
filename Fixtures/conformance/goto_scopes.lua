-- goto rules: jumping into a local's scope is an error, jumping to a label at a block's end is allowed
print(select(2, load("goto l; local a; ::l:: print(a)")))
print(load("do goto l; local a; ::l:: end") ~= nil)
print(select(2, load("::dup:: ::dup::")))
print(select(2, load("do ::x:: end goto x")))
print(load("::x:: do goto x end") ~= nil)
print(select(2, load("break")))
print(select(2, load("if true then break end")))
local log = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    log[#log + 1] = i .. j
  end
  ::next_i::
end
print(table.concat(log, " "))
local n = 0
::loop::
n = n + 1
if n < 5 then goto loop end
print(n)
do
  local k = 0
  ::top::
  k = k + 1
  if k < 3 then goto top end
  print(k)
end
