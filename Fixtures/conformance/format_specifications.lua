-- string.format checks each conversion's flags, width and precision as Lua does.
local function try(format, ...)
  local ok, result = pcall(string.format, format, ...)
  print(format, ok, result)
end
try("%1" .. string.rep("0", 600) .. ".3d", 10)
try("%100.3d", 10)
try("%1.100d", 10)
try("%010c", 65)
try("%-5c|", 65)
try("%.10c", 65)
try("%#i", 10)
try("%#x", 255)
try("%0.s", "x")
try("%.2s", "xyz")
try("%3.1p", {})
try("%10q", "x")
try("%F", 1.5)
try("%t", 1)
try("%10s", "a\0b")
try("%s|", "a\0b")
try("%.u|%2.5d|%+08d|%013i", 0, -100, -30927, -100)
try("%+#014.0f|% 1.0E|%+.3G|% .1g", 100, 100, 1.5, 2^10)
print(#string.format("%5s", string.rep("x", 120)), #string.format("%.5s", string.rep("x", 120)))

-- table.concat at the ends of the integers.
local maxi, mini = math.maxinteger, math.mininteger
print(table.concat({[maxi] = "alo"}, "x", maxi, maxi))
print(table.concat({[maxi] = "alo", [maxi - 1] = "y"}, "-", maxi - 1, maxi))
print(table.concat({}, "x", maxi, mini) == "")
print(pcall(table.concat, {}, " ", maxi, maxi))

-- The C locale is the one there is.
print(os.setlocale(), os.setlocale("C"), os.setlocale("C", "numeric"), os.setlocale("xx_YY.nowhere"))
print(pcall(os.setlocale, "C", "bogus"))
