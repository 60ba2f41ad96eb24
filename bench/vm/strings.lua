-- String building and patterns.
local parts = {}
for i = 1, 100000 do parts[#parts + 1] = "item" .. i .. "=" .. (i * 7 % 1000) end
local text = table.concat(parts, ";")
local total = 0
for key, value in text:gmatch("(%a+%d+)=(%d+)") do total = total + #key + tonumber(value) end
local replaced = text:gsub("item(%d+)", "x%1")
local count = 0
local position = 1
while true do
  local first, last = replaced:find("x9%d*", position)
  if not first then break end
  count = count + 1
  position = last + 1
end
print(total, #replaced, count, string.format("%5.2f|%-6s|%x", total / 1000, "ok", total))
