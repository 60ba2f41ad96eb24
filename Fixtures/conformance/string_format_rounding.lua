-- %f, %e and %g rounding and special values match C's printf
local values = {0.5, 1.5, 2.5, 0.125, 0.375, 1e-7, 123456789.987654321, 9.999999, 1/3, 2/3, -0.0, 1e21, 1e22}
for _, v in ipairs(values) do
  print(string.format("%.2f %.3e %g %.3g %10.4f %-12.5e|", v, v, v, v, v, v))
end
print(string.format("%f %e %g", 1/0, -1/0, 1/0), string.format("%.1f", 0.05), string.format("%.1f", 0.15))
print(string.format("%5.0f|%#.0f|%#x|%#o", 3.7, 3.0, 0, 0))
print(string.format("%.14g %.15g %.16g %.17g", 0.1, 0.1, 0.1, 0.1))
print(string.format("%a %A", 1.0, 0.5))
