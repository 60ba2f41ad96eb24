-- tonumber with a base: spaces, a sign (+ or -), digits of the base.
print(tonumber('  +1Z  ', 36), tonumber('  -1z  ', 36), tonumber('+ 1', 10), tonumber('+-1', 10))
print(tonumber('', 10), tonumber('1\0', 2), tonumber('\t10\v', 16), tonumber('1 a', 16))
print(tonumber('7fffffffffffffff', 16), tonumber('ffffffffffffffffff', 16), tonumber('099', 8))

-- Hex floats with many digits keep their value.
print(tonumber('0x3.' .. string.rep('0', 1000)), tonumber('0x' .. string.rep('0', 1000) .. 'a'))
print(tonumber('0x0.' .. string.rep('0', 150) .. '1') == 2.0^(-4 * 151))
print(tonumber('0x' .. string.rep('f', 300) .. '.0') == 2.0^(4 * 300) - 1)
print(tonumber('0xe03' .. string.rep('0', 1000) .. 'p-4000'), tonumber('0x.' .. string.rep('0', 1000) .. '74p4004'))
print(0x.FfffFFFF, 0xA.aP4, 0x1p-1074, 0x1p1024, -0x2.5, 0x.0p-3)

-- A number without an integer value is named, as other operands are.
local function try(code) print(pcall(load(code))) end
try("return math.huge << 1")
try("local x = 1.5 return x | 1")
try("local t = {a = 2.5} return 1 & t.a")
try("local a, b = 1.5, 2 return b >> a")
try("local a = 2.5 return ~a")
try("return 2.5 ~ 1")
