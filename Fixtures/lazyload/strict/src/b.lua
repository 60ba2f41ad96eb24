function main()
  local ok, message = pcall(function() return nothing_here end)
  return early(), ok, message, late()
end
