local s = "unfinished
local t = 1
