local calls = {}
local function t(name, value) calls[#calls + 1] = name; return value end
local r1 = t("a", false) and t("b", true)
local r2 = t("c", nil) or t("d", 0)
local r3 = t("e", 1) or t("f", 2)
local r4 = not t("g", nil) and t("h", "x")
print(r1, r2, r3, r4, table.concat(calls, ""))
if t("i", 1) and (t("j", false) or t("k", true)) then print("taken") end
local x = nil
print(x and x.field, x == nil or x.field, (x or {}).field)
print(1 and 2, nil and 2, false or false, nil or false, false == nil)
local n = 0
while n < 10 and (n % 3 ~= 2 or n < 5) do n = n + 1 end
print(n)
