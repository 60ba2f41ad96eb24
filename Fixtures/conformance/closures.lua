local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc(); inc()
print(get())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local j = 1
while j <= 3 do
  local k = j
  gs[j] = function() return k * 10 end
  j = j + 1
end
print(gs[1](), gs[2](), gs[3]())
local function outer()
  local x = 1
  local function middle()
    local function inner() x = x + 1; return x end
    return inner
  end
  return middle(), function() return x end
end
local bump, read = outer()
bump(); bump()
print(read())
local function adder(a) return function(b) return a + b end end
print(adder(2)(3), adder("1")(1))
local shared = {}
do
  local v = 0
  shared.set = function(x) v = x end
  shared.get = function() return v end
end
shared.set(42)
print(shared.get())
