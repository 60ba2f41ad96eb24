VALUE = "eager"
print("a set VALUE to", VALUE)
function helper() return "from a" end
