setmetatable(_G, {__newindex = function(t, k, v) print("define", k) rawset(t, k, v) end})
