setmetatable(_G, {__index = function(_, k) error("undefined global " .. tostring(k), 2) end})
