-- How runtime errors name the culprit, as Lua's symbolic execution does.
local function doit(code)
  local f, message = load(code)
  if not f then return message end
  local ok, failure = pcall(f)
  return not ok and failure
end
local cases = {
  "aaa = {}; (aaa or aaa)()",
  "aaa = {}; x = (aaa or aaa) + (aaa and aaa)",
  "local a, b, c, f = 1, 1, 1; f((a and b) or c)",
  "local _ENV = {x = {}}; a = a + 1",
  "local a = setmetatable({}, {__add = 34}); a = a + 1",
  "local a = setmetatable({}, {__lt = {}}); a = a > a",
  "local a = setmetatable({}, {__concat = true}); a = a .. 'x'",
  "local a = setmetatable({}, {__len = 1}); a = #a",
  "a = {}; setmetatable(a, {__index = string}); a:sub()",
  "('a'):sub{}",
  "string.sub('a', {})",
  "(collectgarbage or print){}",
  "getmetatable(io.stdin).__gc()",
  "local t = {} local e = t.x.y",
  "a\n(\n23)\n",
  "local a = {x = 13}\na\n.\nx\n(\n23\n)\n",
  "\n local a \n for k,v in 3 \n do \n print(k) \n end",
  "\n\n for k,v in \n 3 \n do \n print(k) \n end",
}
for _, code in ipairs(cases) do print(doit(code)) end

-- Chunk names of string sources near the length limit.
for n = 43, 46 do
  local _, message = load("x = 1" .. string.rep(" ", n - 5) .. "+")
  print(n, message)
end
