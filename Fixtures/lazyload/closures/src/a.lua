local counter = 0
local M = {}
function M.bump() counter = counter + 1 return counter end
local function helper(n) return n * 10 end
make_counter = function() return function() return M.bump() end end
function scaled(n) return helper(n) end
