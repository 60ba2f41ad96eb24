function main()
  local names = {}
  for k, v in pairs(_G) do
    if type(k) == "string" and k:match("^h_") then names[#names + 1] = k .. "=" .. type(v) end
  end
  table.sort(names)
  return table.concat(names, ","), rawget(_G, "h_z1") ~= nil, next({}) == nil
end
