local function three() return 1, 2, 3 end
local function none() end
print(three())
print(three(), 10)
print((three()))
print(({three()})[3], #{three(), three()}, #{three(), 1})
local a, b, c, d = three()
print(a, b, c, d)
local t = {none()}
print(#t, select('#', none()), select('#', none(), nil))
print(math.max(three()), string.format("%d-%d-%d", three()))
local function pass(...) return ... end
print(pass(three()), pass())
local packed = table.pack(three())
print(packed.n, table.unpack(packed, 1, packed.n))
local s = 0
for i, v in ipairs({three()}) do s = s + i * v end
print(s)
