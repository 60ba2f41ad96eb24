-- <close> variables: order, errors, nil values, closing on break/return/error
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(_, err) log[#log + 1] = name .. (err and ("(" .. tostring(err) .. ")") or "") end})
end
do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil
end
print(table.concat(log, " "))
log = {}
for i = 1, 3 do
  local x <close> = closer("loop" .. i)
  if i == 2 then break end
end
print(table.concat(log, " "))
log = {}
local function early()
  local r <close> = closer("ret")
  return "value"
end
print(early(), table.concat(log, " "))
log = {}
print(pcall(function()
  local e <close> = closer("err")
  error("failure", 0)
end), table.concat(log, " "))
print(pcall(function() local bad <close> = 42 end))
print(pcall(function() local bad <close> = {} end))
log = {}
local ok, msg = pcall(function()
  local outer <close> = setmetatable({}, {__close = function(_, err) log[#log + 1] = "outer saw " .. tostring(err) end})
  local inner <close> = setmetatable({}, {__close = function() error("close failed", 0) end})
end)
print(ok, msg, table.concat(log, " "))
