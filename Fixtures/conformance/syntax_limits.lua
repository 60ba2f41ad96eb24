-- Limits of the compiler: past them, an error (Lua's own words differ,
-- "C stack overflow"); just below them, code compiles.
local function try(label, source)
  local f = load(source)
  print(label, f ~= nil)
end
try("100 targets", "local a; a" .. string.rep(",a", 100) .. " = 1" .. string.rep(",1", 100))
try("500 targets", "local a; a" .. string.rep(",a", 500))
try("100 functions", string.rep("function foo () ", 100) .. string.rep(" end", 100))
try("190 functions", string.rep("function foo () ", 190) .. string.rep(" end", 190))
try("150 blocks", string.rep("do ", 150) .. string.rep(" end", 150))
try("150 parens", "return " .. string.rep("(", 150) .. "1" .. string.rep(")", 150))
try("100 calls", "local function a (x) return x end; return " .. string.rep("a(", 100) .. "2.2" .. string.rep(")", 100))

-- A long sum needs few registers.
local terms = {}
for i = 1, 300 do terms[i] = "x" end
print(load("local x = 1; return " .. table.concat(terms, " + "))())
local globals = {}
for i = 1, 300 do globals[i] = "(g or 1)" end
print(load("return " .. table.concat(globals, " * "))())

-- Too many locals or upvalues, in Lua's words.
local names = {}
for i = 1, 300 do names[i] = "a" .. i end
-- (Lua adds the token it stopped at: " near ','".)
local function failure(f, message) print(f, (message:gsub(" near .*", ""))) end
failure(load("\nfunction foo ()\n  local " .. table.concat(names, ", ") .. "\nend"))
local outer, inner = {}, {}
for i = 1, 130 do outer[i] = "u" .. i; inner[i] = "v" .. i end
failure(load("local " .. table.concat(outer, ", ") .. "\nlocal function f ()\n local " .. table.concat(inner, ", ")
  .. "\n return function () return " .. table.concat(outer, " + ") .. " + " .. table.concat(inner, " + ") .. " end\nend"))
