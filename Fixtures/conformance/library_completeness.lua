-- math.deg and math.rad.
print(math.deg(math.pi), math.rad(180), math.deg(1), math.rad("90"))
print(pcall(math.deg, "x"))

-- warn: pieces must be strings; control messages switch warnings on and off.
warn("@on")
warn("@off")
print(pcall(warn))
print(pcall(warn, "a", {}))

-- io keeps its default files out of sight; io.output and io.input return them.
local names = {}
for name in pairs(io) do names[#names + 1] = name end
table.sort(names)
print(table.concat(names, " "))
print(io.output() == io.stdout, io.input() == io.stdin, io.flush(), io.stdout:flush())

-- Pipes and commands report how the process ended.
local pipe = io.popen("echo from a pipe; exit 3")
io.write(pipe:read("a"))
print(pipe:close())
print(os.execute(), os.execute("exit 2"))
local scratch = io.tmpfile()
scratch:write("kept")
scratch:seek("set")
print(scratch:read("a"))
print(pcall(io.popen, "true", "rw"))

-- pairs gives exactly three values from __pairs.
print(select('#', pairs(setmetatable({}, {__pairs = function () return next end}))))
