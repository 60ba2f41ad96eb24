function double(x) return 2 * x end
local secret = 7
function add_secret(x) return x + secret end
