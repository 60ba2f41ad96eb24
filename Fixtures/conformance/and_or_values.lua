-- and/or return operands, not booleans; conditions test truthiness
print(1 and 2, nil and 2, false and nil, 1 or 2, nil or 2, false or false, nil or nil)
print(0 and "zero is true", "" and "empty is true", {} and "table is true")
local function pick(x) return x and "yes" or "no" end
print(pick(1), pick(nil), pick(false), pick(0))
local v = nil
local d = v or {}
print(type(d), (v or 5) + 1, v == nil and "absent")
local a, b = nil, false
print(a == b, not a == not b, a or b, b or a)
local calls = 0
local function f() calls = calls + 1 return true end
local r = f() or f()
local s = false and f()
print(r, s, calls)
if nil then print("no") elseif false then print("no") else print("else branch") end
print((nil or false) == false, (false or nil) == nil)
