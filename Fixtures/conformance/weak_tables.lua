-- Weak tables: weak keys (ephemerons), weak values; strings are never collected from them
local function fill(t, f) f(t) end
local weak = setmetatable({}, {__mode = "k"})
local key = {}
weak[key] = "value"
fill(weak, function(t) t[{}] = "garbage" end)
collectgarbage()
local n = 0
for k, v in pairs(weak) do n = n + 1 end
print(n, weak[key])
local wv = setmetatable({}, {__mode = "v"})
wv[2] = key
wv.s = "strings stay"
fill(wv, function(t) t[1] = {} t.f = function() end end)
collectgarbage()
print(wv[1], wv[2] == key, wv.s, wv.f)
local eph = setmetatable({}, {__mode = "k"})
fill(eph, function(t) local k1 = {} t[k1] = {ref = k1} end)
collectgarbage()
print(next(eph))
local both = setmetatable({}, {__mode = "kv"})
local kept = {}
both[kept] = kept
fill(both, function(t) t[{}] = 1 t[1] = {} end)
collectgarbage()
local count = 0
for k, v in pairs(both) do count = count + 1 end
print(count, both[kept] == kept)
local cache = setmetatable({}, {__mode = "k"})
fill(cache, function(t) for i = 1, 1000 do t[{}] = i end end)
collectgarbage()
print(next(cache))
fill(weak, function(t) for i = 1, 100 do t[{}] = i end end)
collectgarbage()
weak.extra = 1
local m = 0
for k in pairs(weak) do m = m + 1 end
print(m, weak[key], weak.extra)
local strong = {}
local registry = setmetatable({}, {__mode = "v"})
for i = 1, 5 do local obj = {id = i} registry[i] = obj if i % 2 == 1 then strong[#strong + 1] = obj end end
collectgarbage()
local alive = {}
for i = 1, 5 do if registry[i] then alive[#alive + 1] = registry[i].id end end
print(table.concat(alive, ","))
