CONFIG = "from a"
function main() return CONFIG end
