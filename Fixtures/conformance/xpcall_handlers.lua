-- xpcall message handlers: what they receive, what they return, errors inside them
print(xpcall(function() error("plain") end, function(m) return "H:" .. m end))
print(xpcall(function() error({1, 2, 3}) end, function(m) return #m end))
print(xpcall(function() error() end, function(m) return tostring(m) end))
print(xpcall(function() local x = nil; return x.y end, function(m) return (m:gsub("^.-:%d+: ", "")) end))
print(xpcall(function() return "no error", 2 end, error))
print(xpcall(function() error("first") end, function(m) return m, "extra" end))
print(select('#', xpcall(function() error("x") end, function() end)))
print(xpcall(function(...) return select('#', ...) end, print, nil, nil))
local depth = 0
print(xpcall(function() error("outer") end, function(m)
  depth = depth + 1
  local ok, inner = pcall(error, "nested in handler")
  return m .. " / " .. inner .. " / " .. depth
end))
print(pcall(xpcall, function() end))
print(xpcall(error, function(m) return "got " .. tostring(m) end, "direct"))
