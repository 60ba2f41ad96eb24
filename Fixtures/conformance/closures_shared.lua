-- Sibling closures share upvalues; upvalues outlive their scopes; loops make fresh ones
local function makePair()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc, get = makePair()
inc() inc()
local inc2, get2 = makePair()
inc2()
print(get(), get2())
local fs = {}
local x = 1
for i = 1, 3 do
  fs[i] = function() x = x + i return x end
end
print(fs[1](), fs[2](), fs[3](), x)
local function counterFactory()
  local count = 0
  local self = {}
  function self.up() count = count + 1 return self end
  function self.value() return count end
  return self
end
local c = counterFactory()
print(c.up().up().up().value())
local acc = {}
for i = 1, 3 do
  local j = i
  acc[i] = function() j = j * 10 return j end
end
print(acc[1](), acc[1](), acc[2](), acc[3]())
local function Y(f) return function(...) return f(Y(f), ...) end end
local fact = Y(function(self, n) if n <= 1 then return 1 end return n * self(n - 1) end)
print(fact(10))
local a = {}
do
  local shared = "before"
  a.read = function() return shared end
  a.write = function(v) shared = v end
end
a.write("after")
print(a.read())
local function curry(f) return function(x) return function(y) return f(x, y) end end end
print(curry(math.max)(3)(7), curry(string.rep)("ab")(3))
