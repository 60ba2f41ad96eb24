print("a runs; later is", type(later), "value", LATER_VALUE)
function main() return type(later), LATER_VALUE, later() end
