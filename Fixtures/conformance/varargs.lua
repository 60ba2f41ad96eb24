local function count(...) return select('#', ...) end
print(count(), count(nil), count(1, nil, 3), count(nil, nil))
local function pass(...) return ... end
print(pass(1, 2, 3))
print((pass(1, 2, 3)))
local function first(a, ...) return a, select('#', ...) end
print(first(9, 8, 7))
print(select(-1, "a", "b", "c"), select(2, "a", "b", "c"))
local function pack2(...) return {...}, select('#', ...) end
local t, n = pack2(1, nil, nil)
print(#t >= 0, n)
local function tail(n, acc) if n == 0 then return acc end return tail(n - 1, acc + n) end
print(tail(100000, 0))
print(math.max(pass(3, 9, 4)), string.rep ~= nil)
local a, b, c = pass(1)
print(a, b, c)
local x, y = 1
print(x, y)
