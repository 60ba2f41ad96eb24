-- Code near the compiler's limits: many locals, long constructors, long chains
local function build(n, f) local parts = {} for i = 1, n do parts[i] = f(i) end return parts end
local many = "local " .. table.concat(build(200, function(i) return "v" .. i end), ", ") .. " = 1 return v1"
print(load(many)())
local tooMany = "local " .. table.concat(build(201, function(i) return "v" .. i end), ", ") .. " = 1"
print(load(tooMany) == nil)
local big = "return {" .. table.concat(build(1000, function(i) return tostring(i) end), ", ") .. "}"
local t = load(big)()
print(#t, t[1], t[500], t[1000])
local chain = "return " .. table.concat(build(150, function(i) return "'" .. (i % 10) .. "'" end), " .. ")
print(#load(chain)())
local sum = "return " .. table.concat(build(500, function(i) return tostring(i) end), " + ")
print(load(sum)())
local nested = string.rep("(", 100) .. "1" .. string.rep(")", 100)
print(load("return " .. nested)())
local deep = string.rep("{", 100) .. string.rep("}", 100)
print(type(load("return " .. deep)()))
local params = "return function(" .. table.concat(build(100, function(i) return "p" .. i end), ", ") .. ") return p100 end"
print(load(params)()(table.unpack(build(100, function(i) return i end))))
local keys = "return {" .. table.concat(build(300, function(i) return "k" .. i .. " = " .. i end), ", ") .. "}"
print(load(keys)().k300)
