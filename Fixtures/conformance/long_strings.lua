-- Long bracket strings: levels, first newline, nested brackets, CR/LF in source text
local a = [[
first line
second line]]
print(#a, a:sub(1, 5))
print([==[]]]==], [=[[[nested]]]=], #[[]])
local b = [[line1
line2
]]
print(#b, select(2, b:gsub("\n", "")))
print(load("return [[a\r\nb]]")() == "a\nb", load("return [[a\n\rb]]")() == "a\nb", load("return 'a\\\r\nb'")() == "a\nb")
print(load("return [[\r\nx]]")() == "x")
