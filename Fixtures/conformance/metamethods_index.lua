-- __index and __newindex chains, rawget/rawset bypasses, __call arguments
local base = {greet = function(self) return "hello from " .. self.name end, kind = "base"}
local mid = setmetatable({kind = "mid"}, {__index = base})
local obj = setmetatable({name = "obj"}, {__index = mid})
print(obj:greet(), obj.kind, rawget(obj, "kind"), obj.missing)
local calls = 0
local lazy = setmetatable({}, {__index = function(t, k) calls = calls + 1 return k .. "!" end})
print(lazy.a, lazy.b, lazy[1], calls)
local store = {}
local proxy = setmetatable({}, {__newindex = store})
proxy.x = 1
print(rawget(proxy, "x"), store.x)
rawset(proxy, "y", 2)
print(proxy.y, store.y)
local log = {}
local watched = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v) rawset(t, k, v) end})
watched.a = 1
watched.a = 2
watched.b = nil
print(table.concat(log, " "), watched.a)
local callable = setmetatable({}, {__call = function(self, a, b) return a + b, select('#', a, b) end})
print(callable(2, 3), pcall(callable, 1))
local deep = {}
local current = deep
for i = 1, 50 do
  local nxt = {}
  setmetatable(current, {__index = nxt})
  current = nxt
end
current.bottom = "found"
print(deep.bottom)
local str = setmetatable({}, {__index = string})
print(str.upper("abc"))
print(pcall(function() local t = setmetatable({}, {__index = 5}) return t.x end))
print(getmetatable("abc").__index == string, getmetatable(setmetatable({}, {__metatable = "locked"})))
print(pcall(setmetatable, setmetatable({}, {__metatable = 1}), {}))
