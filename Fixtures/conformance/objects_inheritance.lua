-- Classes with metatables: inheritance, super calls, __index functions, tostring
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound) return setmetatable({name = name, sound = sound}, Animal) end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
Dog.__tostring = function(d) return "Dog(" .. d.name .. ")" end
function Dog.new(name) local d = Animal.new(name, "woof") return setmetatable(d, Dog) end
function Dog:kind() return "dog, a kind of " .. Animal.kind(self) end
function Dog:fetch(n) return self.name .. " fetched " .. (n or 1) end
local a, d = Animal.new("cat", "meow"), Dog.new("rex")
print(a:speak(), d:speak(), d:kind(), a:kind(), d:fetch(), d:fetch(3))
print(tostring(d), getmetatable(d) == Dog, getmetatable(Dog).__index == Animal, rawget(d, "speak"))
local Stack = {}
Stack.__index = Stack
Stack.__len = function(s) return s.n end
function Stack.new() return setmetatable({n = 0, items = {}}, Stack) end
function Stack:push(v) self.n = self.n + 1 self.items[self.n] = v return self end
function Stack:pop() local v = self.items[self.n] self.items[self.n] = nil self.n = self.n - 1 return v end
local st = Stack.new():push(1):push(2):push(3)
print(#st, st:pop(), st:pop(), #st)
print(pcall(function() return a:missing() end))
print(pcall(function() local obj = {} obj:method() end))
print(pcall(Dog.fetch))
local counter = setmetatable({}, {__index = function(t, k) local v = 0 rawset(t, k, v) return v end})
counter.x = counter.x + 1
counter.y = counter.y + 5
print(counter.x, counter.y, counter.z)
