-- A tiny serializer: sorted keys, nested tables, escaped strings, numbers as Lua prints them
local function serialize(v, indent)
  indent = indent or ""
  local t = type(v)
  if t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    local parts = {}
    for _, k in ipairs(keys) do
      parts[#parts + 1] = indent .. "  " .. string.format("%q", tostring(k)) .. ": " .. serialize(v[k], indent .. "  ")
    end
    return "{\n" .. table.concat(parts, ",\n") .. "\n" .. indent .. "}"
  elseif t == "string" then
    return string.format("%q", v)
  else
    return tostring(v)
  end
end
print(serialize({name = "demo", list = {1, 2.5, "three"}, nested = {flag = true, none = false}, esc = "a\"b\n"}))
