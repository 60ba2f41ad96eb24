LATER_VALUE = 42
function later() return "later" end
