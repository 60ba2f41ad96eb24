-- A round-robin scheduler: tasks yield between steps, errors are caught
-- inside the task with pcall (across which they yield), results collected.
local tasks, log = {}, {}

local function spawn(name, steps, fail_at)
  tasks[#tasks + 1] = {name = name, co = coroutine.create(function()
    for step = 1, steps do
      local ok, err = pcall(function()
        if step == fail_at then error(name .. " failed at " .. step) end
        log[#log + 1] = name .. ":" .. step
        coroutine.yield(step)
      end)
      if not ok then log[#log + 1] = "caught " .. err:gsub("^.-:%d+: ", "") end
    end
    return name .. " done"
  end)}
end

spawn("a", 3)
spawn("b", 2, 2)
spawn("c", 4)

while #tasks > 0 do
  for index = #tasks, 1, -1 do
    local task = tasks[index]
    local ok, value = coroutine.resume(task.co)
    if coroutine.status(task.co) == "dead" then
      log[#log + 1] = tostring(ok) .. " " .. tostring(value)
      table.remove(tasks, index)
    end
  end
end
print(table.concat(log, "\n"))

-- Generators composed.
local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
local function map(f, gen) return coroutine.wrap(function() for v in gen do coroutine.yield(f(v)) end end) end
local function filter(p, gen) return coroutine.wrap(function() for v in gen do if p(v) then coroutine.yield(v) end end end) end
local out = {}
for v in filter(function(x) return x % 3 == 0 end, map(function(x) return x * x end, range(20))) do out[#out + 1] = v end
print(table.concat(out, " "))

-- Yielding many values, and varargs through resume.
local co = coroutine.create(function(...)
  local args = {...}
  while true do
    args = {coroutine.yield(select("#", table.unpack(args)), table.unpack(args))}
    if #args == 0 then break end
  end
  return "end"
end)
print(coroutine.resume(co, 1, 2, 3))
print(coroutine.resume(co, "x"))
print(coroutine.resume(co, nil, nil))
print(coroutine.resume(co))
print(coroutine.resume(co))

-- Deep recursion inside a coroutine, and a coroutine per item.
local deep = coroutine.wrap(function()
  local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
  coroutine.yield(depth(5000))
end)
print(deep())
local total = 0
for i = 1, 2000 do
  local c = coroutine.wrap(function(x) coroutine.yield(x * 2) end)
  total = total + c(i)
end
print(total)

-- Errors: wrapped errors carry the caller's position; a closed coroutine.
local w = coroutine.wrap(function() return undefined_global.field end)
local ok, err = pcall(w)
print(ok, err)
local c2 = coroutine.create(function() coroutine.yield() end)
coroutine.resume(c2)
print(coroutine.close(c2), coroutine.status(c2))
print(coroutine.resume(c2))
print(pcall(coroutine.close, coroutine.running()))
print(select("#", coroutine.resume(coroutine.create(function() end))))
