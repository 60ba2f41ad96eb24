-- table functions see __index/__newindex/__len (Lua 5.4 uses lua_geti/lua_seti)
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) return k <= 3 and k * 10 or nil end,
  __len = function() return 3 end,
})
print(table.concat(proxy, ","), table.unpack(proxy))
local store = {}
local writer = setmetatable({}, {__newindex = function(_, k, v) log[#log + 1] = k .. "=" .. v; rawset(store, k, v) end, __len = function() return #store end})
table.insert(writer, "a")
table.insert(writer, "b")
print(table.concat(log, " "), #store)
local moved = table.move(proxy, 1, 3, 1, {})
print(table.concat(moved, ","))
print(pcall(table.sort, proxy))
local lenOnly = setmetatable({1, 2, 3, 4, 5}, {__len = function() return 2 end})
print(table.concat(lenOnly, ","), select('#', table.unpack(lenOnly)), table.remove(lenOnly), rawlen(lenOnly))
print(next(setmetatable({}, {__index = {a = 1}})))
