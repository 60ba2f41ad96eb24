function f() end
function f() end
