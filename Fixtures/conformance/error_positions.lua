-- Runtime errors carry the line of the instruction that failed, in multi-line code too
local t = nil
local function try(f) local ok, e = pcall(f) print(e) end
try(function()
  local x = 1 +
    t.field
end)
try(function()
  local s = "a" ..
    {} ..
    "b"
end)
try(function()
  local v = {
    a = 1,
    b = t[1],
  }
end)
try(function()
  print(
    "x",
    undefinedFunction()
  )
end)
try(function()
  local r = (1 < 2)
    and #t
end)
try(function()
  error("explicit on line " .. 30)
end)
try(function() local a = {} ; a.b.c.d = 1 end)
try(function()
  for i = 1, 2 do
    local y = i .. nil
  end
end)
