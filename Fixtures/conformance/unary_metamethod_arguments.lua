-- Unary metamethods get the operand twice, as Lua calls them.
local seen = {}
local function record(name)
  return function (...)
    seen[#seen + 1] = name .. ":" .. select('#', ...) .. ":" .. tostring(select(1, ...) == select(2, ...))
    return 7
  end
end
local t = setmetatable({}, {__len = record("len"), __unm = record("unm"), __bnot = record("bnot")})
print(#t, -t, ~t)
print(table.concat(seen, " "))
