#!/usr/bin/env lua5.4
-- A file may start with a shebang line; text given to load may not.
print(load("#=1"))
print(load("#!x\nreturn 1"))
print(load("return 1\n#x"))
print(load(" #x"))
