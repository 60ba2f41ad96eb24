-- A state machine with goto and with a transition table
local input = {"coin", "push", "push", "coin", "coin", "push"}
local state, log = "locked", {}
local transitions = {
  locked = {coin = "unlocked", push = "locked"},
  unlocked = {coin = "unlocked", push = "locked"},
}
for _, event in ipairs(input) do
  state = transitions[state][event]
  log[#log + 1] = state
end
print(table.concat(log, " "))
local i, count = 0, 0
::next::
i = i + 1
if i > #input then goto done end
if input[i] == "coin" then count = count + 1 end
goto next
::done::
print(count)
