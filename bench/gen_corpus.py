#!/usr/bin/env python3
"""Writes a generated Lua script set: FILES files of FUNCS functions each,
about ten lines per function, in the shape of real event-handler code."""
import os, sys

folder, files, funcs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for f in range(files):
    path = os.path.join(folder, f"mod{f // 50}", f"file{f}.lua")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write(f"local M{f} = {{}}\nlocal counter = 0\n\n")
        for i in range(funcs):
            n = f * funcs + i
            out.write(f"""function handler_{n}(event, state)
  local total = 0
  for i = 1, #event.items do
    local item = event.items[i]
    if item.kind == "coin" and item.value > {n % 7} then
      total = total + item.value * {n % 13 + 1}
    elseif item.kind ~= "skip" then
      total = total - (item.cost or 0) / 2
    end
  end
  counter = counter + 1
  state.log[#state.log + 1] = string.format("%s:%d", event.name, total)
  return total, counter
end

""")
        out.write(f"return M{f}\n")
