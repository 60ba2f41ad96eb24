local base = 2

function spawn_rate(tick)
  if tick < 10 then
    return base
  end
  return base + tick // 5
end
