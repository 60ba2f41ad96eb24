-- Reading standard input at its end: nil results, no lines
print(io.read(), io.read("n"), io.read("a"), io.read(0))
local n = 0
for line in io.lines() do n = n + 1 end
print(n, io.type(io.stdin))
