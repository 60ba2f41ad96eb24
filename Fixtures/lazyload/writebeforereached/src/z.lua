VALUE = "lazy"
function main() return VALUE, helper() end
