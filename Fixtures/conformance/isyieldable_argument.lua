-- coroutine.isyieldable of a given coroutine.
local main = coroutine.running()
print(coroutine.isyieldable(main), coroutine.isyieldable(coroutine.create(print)))
print(coroutine.wrap(function ()
  return coroutine.isyieldable(coroutine.running()), coroutine.isyieldable(main)
end)())
print(pcall(coroutine.isyieldable, 1))
