function plain() return "plain" end
function dynamic() return "dynamic" end
