-- Closures three levels deep share and update the same variables
local function level1()
  local a = 1
  return function()
    local b = 10
    return function()
      a = a + 1
      b = b + 1
      return a, b
    end, function() return a end
  end
end
local make = level1()
local inc1, getA1 = make()
local inc2, getA2 = make()
print(inc1()) print(inc1()) print(inc2())
print(getA1(), getA2())
local function counter()
  local c = 0
  local function bump() c = c + 1 end
  local function twice() bump() bump() return c end
  return twice
end
local tw = counter()
print(tw(), tw())
local fns = {}
for i = 1, 3 do
  fns[i] = function() return function() return i * 10 end end
end
print(fns[1]()(), fns[3]()())
