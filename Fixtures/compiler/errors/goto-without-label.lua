goto nowhere
local function f()
  goto outside
end
::outside::
