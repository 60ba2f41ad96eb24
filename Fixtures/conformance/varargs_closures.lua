-- Closures cannot see ... of their parent; they capture copies put in locals or tables
local function make(...)
  local args = table.pack(...)
  local first = ...
  return function() return first, args.n, args[args.n] end
end
print(make(1, 2, 3)())
print(make()())
print(select(2, load("local function f(...) return function() return ... end end")))
local function bind(f, ...)
  local bound = table.pack(...)
  return function(...)
    local all = {table.unpack(bound, 1, bound.n)}
    local extra = table.pack(...)
    for i = 1, extra.n do all[bound.n + i] = extra[i] end
    return f(table.unpack(all, 1, bound.n + extra.n))
  end
end
print(bind(string.format, "%s-%s-%s", "a")("b", "c"))
print(bind(math.max, 3, 9)(4, 1))
