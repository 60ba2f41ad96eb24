-- Floor division and modulo: signs, zero divisors, integer limits
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7.0 // 2, -7.0 // 2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 7.5 % 2, -7.5 % 2, 5.3 % -2 < 0)
print(pcall(function() return 7 // 0 end))
print(pcall(function() return 7 % 0 end))
print(7.0 // 0, -7 // 0.0, 7 % 0.0 ~= 7 % 0.0, 0.0 // 0.0 ~= 0.0 // 0.0)
print(math.mininteger // -1, math.mininteger % -1, math.maxinteger // -1)
print(3 % math.huge, -3 % math.huge, 3 % -math.huge, -3 % -math.huge)
print(1 / 2, 4 / 2, math.type(4 / 2), 2^2, math.type(2^2), 10 // 3.0)
print("10" // "3", "7" % "2", "2" ^ "3", -"2", "0x10" + 0)
local x = 0
print(pcall(function() return 1 // x end))
print(pcall(function() return 1 % x end))
