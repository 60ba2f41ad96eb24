-- Float arithmetic: an n-body style integration of a few bodies.
local sqrt = math.sqrt
local bodies = {}
for i = 1, 5 do
  bodies[i] = {x = i * 1.5, y = i * -0.7, z = i * 0.3, vx = 0.01 * i, vy = -0.02 * i, vz = 0.005, mass = 1 + i / 10}
end
local function advance(dt)
  local n = #bodies
  for i = 1, n do
    local bi = bodies[i]
    for j = i + 1, n do
      local bj = bodies[j]
      local dx, dy, dz = bi.x - bj.x, bi.y - bj.y, bi.z - bj.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * sqrt(d2))
      bi.vx = bi.vx - dx * bj.mass * mag
      bi.vy = bi.vy - dy * bj.mass * mag
      bi.vz = bi.vz - dz * bj.mass * mag
      bj.vx = bj.vx + dx * bi.mass * mag
      bj.vy = bj.vy + dy * bi.mass * mag
      bj.vz = bj.vz + dz * bi.mass * mag
    end
  end
  for i = 1, n do
    local b = bodies[i]
    b.x, b.y, b.z = b.x + dt * b.vx, b.y + dt * b.vy, b.z + dt * b.vz
  end
end
for _ = 1, 100000 do advance(0.01) end
print(string.format("%.9f %.9f", bodies[1].x, bodies[5].vz))
