-- ipairs stops at the first nil and respects __index; pairs uses __pairs; next
local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = n + 1 end
print(n)
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, "=", v, " ") end print()
local custom = setmetatable({}, {__pairs = function(self)
  local i = 0
  return function() i = i + 1 if i <= 2 then return i, "p" .. i end end, self, nil
end})
for k, v in pairs(custom) do io.write(k, "=", v, " ") end print()
local arr = {}
for i = 1, 10 do arr[i] = i end
local sum = 0
for k, v in pairs(arr) do sum = sum + k * v end
print(sum)
print(next({}), next({5}), type(next), select('#', next({})))
local keys = {}
for k in pairs({a = 1, b = 2, c = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys))
print(pcall(next, {}, "nokey"))
print(pcall(ipairs))
print(select("#", pairs(nil)), pcall(pairs))
local t2 = {10, 20, 30}
for k, v in pairs(t2) do t2[k] = v * 2 end
print(t2[1], t2[2], t2[3])
local removing = {a = 1, b = 2, c = 3, d = 4}
for k in pairs(removing) do removing[k] = nil end
print(next(removing))
local f, s, init = ipairs({})
print(type(f), type(s), init)
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for k in ipairs(nil) do end end))
