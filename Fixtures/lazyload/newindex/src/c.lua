function second() return 2 end
function main() return first() + second() end
