-- Generic for over stateless, stateful, closure and coroutine iterators
local function range(n)
  local i = 0
  return function() i = i + 1 if i <= n then return i end end
end
local out = {}
for i in range(4) do out[#out + 1] = i end
print(table.concat(out, " "))
local function evens(limit, current)
  current = current + 2
  if current <= limit then return current end
end
out = {}
for v in evens, 9, 0 do out[#out + 1] = v end
print(table.concat(out, " "))
out = {}
for v in coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end) do out[#out + 1] = v end
print(table.concat(out, " "))
local function pairsSorted(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local i = 0
  return function() i = i + 1 local k = keys[i] if k ~= nil then return k, t[k] end end
end
for k, v in pairsSorted({c = 3, a = 1, b = 2}) do io.write(k, "=", v, " ") end print()
print(pcall(function() for x in function() error("iterator failed") end do end end))
local calls = 0
for a, b, c in function(_, prev) calls = calls + 1 if calls < 3 then return calls, "b", nil end end do
  io.write(a, b, tostring(c), " ")
end
print(calls)
for k, v in next, {10, 20} do io.write(k, ":", v, " ") end print()
local t = setmetatable({}, {__call = function(self, state, control) control = (control or 0) + 1 if control <= 2 then return control end end})
for v in t do io.write(v, " ") end print()
for i, c in ("abc"):gmatch("()(.)") do io.write(i, c, " ") end print()
local nested = {}
for i in range(2) do for j in range(2) do nested[#nested + 1] = i .. j end end
print(table.concat(nested, ","))
