if x then
  y = 1
else
