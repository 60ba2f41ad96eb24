function first() return 1 end
