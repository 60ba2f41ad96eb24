NAME = "a"
function describe() return "name is " .. NAME end
