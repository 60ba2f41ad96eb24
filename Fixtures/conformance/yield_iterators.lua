-- A coroutine may yield inside a generic for's iterator function
local function iter(s, i) i = i + 1 if i <= 3 then coroutine.yield("step " .. i) return i end end
local co = coroutine.wrap(function() for i in iter, nil, 0 do end return "done" end)
print(co(), co(), co(), co())
local function words(s)
  return coroutine.wrap(function() for w in s:gmatch("%a+") do coroutine.yield(w) end end)
end
local gen = coroutine.wrap(function()
  for w in words("one two three") do coroutine.yield(#w) end
end)
print(gen(), gen(), gen())
