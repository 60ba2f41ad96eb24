function main()
  local g = _G
  local name = "dyn" .. "amic"
  return g.plain(), g[name](), rawequal(g.plain, plain)
end
