function a()
  local x = = 1
end

function b()
  local y = ) 2
end

local z = 3 +
