-- Coroutines whose frames grow past the first buffer, yield from deep
-- recursion, and interleave with the main thread's own deep calls.
local function descend(n, tag)
  if n == 0 then
    local got = coroutine.yield(tag)
    return got
  end
  return descend(n - 1, tag) + 1
end

local a = coroutine.create(function() return descend(300, "a") end)
local b = coroutine.wrap(function() return descend(40, "b") end)

local function deepMain(n) if n == 0 then return 0 end return deepMain(n - 1) + 1 end

print(coroutine.resume(a))          -- true a
print(b())                          -- b
print(deepMain(500))                -- main grows its own frames meanwhile
print(coroutine.resume(a, 1000))    -- true 1300
print(b(7))                         -- 47
print(coroutine.status(a))

-- A coroutine that errors deep down: its frames are dropped, the VM goes on.
local c = coroutine.create(function() descend(100, "c"); error("deep failure") end)
print(coroutine.resume(c))
print(select(2, pcall(coroutine.resume, c, 0)))
print(coroutine.status(c), deepMain(50))

-- Nested coroutines, each deep.
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() return descend(60, "inner") end)
  local first = inner()
  coroutine.yield(first .. "/" .. tostring(descend(0, "outer-direct")))
  return inner(5)
end)
print(outer())
print(outer(1))
print(outer())
