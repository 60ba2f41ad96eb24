function h_z1() end
local t = {x = 1}
h_z2 = t
