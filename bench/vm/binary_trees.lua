-- Allocation-heavy: build and walk binary trees (the benchmarks game's shape).
local function make(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return {make(depth), make(depth)}
end
local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end
local maximum = 14
local long = make(maximum)
for depth = 4, maximum, 2 do
  local iterations = 2 ^ (maximum - depth + 4) // 1
  local sum = 0
  for _ = 1, iterations do sum = sum + check(make(depth)) end
  print(depth, iterations, sum)
end
print(check(long))
