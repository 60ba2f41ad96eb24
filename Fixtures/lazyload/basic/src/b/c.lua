local calls = 0
function main()
  calls = calls + 1
  return double(add_secret(1)), calls, type(undefined_thing)
end
