NAME = NAME .. "+b"
print(describe())
function main() return NAME, describe() end
