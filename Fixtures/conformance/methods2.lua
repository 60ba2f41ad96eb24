local s = "Hello"
print(s:len(), s:upper():lower(), ("%d"):format(5), s:sub(2, 3):upper())
local Stack = {}
Stack.__index = Stack
function Stack.new() return setmetatable({items = {}, size = 0}, Stack) end
function Stack:push(...) for _, v in ipairs({...}) do self.size = self.size + 1; self.items[self.size] = v end return self end
function Stack:pop() local v = self.items[self.size]; self.items[self.size] = nil; self.size = self.size - 1; return v end
local st = Stack.new():push(1, 2, 3)
print(st:pop(), st:pop(), st.size)
local obj = {name = "obj"}
function obj.describe(self, suffix) return self.name .. (suffix or "") end
print(obj:describe("!"), obj.describe(obj), obj.describe({name = "other"}))
local Base = {}
Base.__index = Base
function Base:who() return "base " .. self.id end
local Derived = setmetatable({}, {__index = Base})
Derived.__index = Derived
function Derived:extra() return self:who() .. "+" end
local d = setmetatable({id = 7}, Derived)
print(d:who(), d:extra())
