function main()
  local c = make_counter()
  c() c()
  return c(), scaled(4)
end
