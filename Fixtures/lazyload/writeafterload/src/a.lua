function main()
  greeting = "replaced"
  local before = tostring(farewell ~= nil)
  return greeting, before, farewell()
end
