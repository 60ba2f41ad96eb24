greeting = "hello"
function farewell() return "bye " .. greeting end
