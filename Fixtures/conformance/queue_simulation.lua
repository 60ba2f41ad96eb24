-- A small event simulation: a priority queue (binary heap), closures as handlers
local Heap = {}
Heap.__index = Heap
function Heap.new() return setmetatable({n = 0}, Heap) end
function Heap:push(time, name)
  self.n = self.n + 1
  local i = self.n
  self[i] = {time = time, name = name}
  while i > 1 do
    local parent = i // 2
    if self[parent].time <= self[i].time then break end
    self[parent], self[i] = self[i], self[parent]
    i = parent
  end
end
function Heap:pop()
  if self.n == 0 then return nil end
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, smallest = 2 * i, 2 * i + 1, i
    if l <= self.n and self[l].time < self[smallest].time then smallest = l end
    if r <= self.n and self[r].time < self[smallest].time then smallest = r end
    if smallest == i then break end
    self[i], self[smallest] = self[smallest], self[i]
    i = smallest
  end
  return top
end
local q = Heap.new()
for i, t in ipairs({5, 3, 8, 1, 9, 2, 7}) do q:push(t, "e" .. i) end
local order = {}
while true do
  local e = q:pop()
  if not e then break end
  order[#order + 1] = e.time .. e.name
end
print(table.concat(order, " "))
