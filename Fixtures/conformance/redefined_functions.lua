-- A standalone file may define a global function again, as Lua allows:
-- each definition is an assignment that runs when it is reached.
function f(x) return "first " .. x end
print(f(1))
function f(x) return "second " .. x end
print(f(2))
local M = {}
function M.g() return "g1" end
local old = M.g
function M.g() return "g2" end
print(old(), M.g())
for i = 1, 3 do
  function h() return i end
end
print(h())
