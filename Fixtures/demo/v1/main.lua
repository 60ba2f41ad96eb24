-- A tiny game server's script set: events are dispatched to functions
-- named after them.
local ticks = 0

function on_tick(dt)
  ticks = ticks + 1
  return spawn_rate(ticks) * dt
end

function on_join(name)
  local account = Account.new(name, 100)
  players[name] = account
  return "welcome, " .. name
end

players = {}
