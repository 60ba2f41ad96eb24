-- coroutine.wrap as a generator: permutations in a generic for
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local function permutations(a)
  return coroutine.wrap(function() permgen(a) end)
end
local out = {}
for p in permutations({"a", "b", "c"}) do out[#out + 1] = table.concat(p) end
print(#out, table.concat(out, " "))
local function fib()
  return coroutine.wrap(function()
    local a, b = 0, 1
    while true do coroutine.yield(a) a, b = b, a + b end
  end)
end
local f = fib()
local seq = {}
for i = 1, 15 do seq[i] = f() end
print(table.concat(seq, ","))
