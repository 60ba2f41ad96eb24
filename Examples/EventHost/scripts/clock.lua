-- Ticks: every fifth one is announced.

function on_tick(n)
  if n % 5 == 0 then world.announce("tick " .. n) end
end
