-- Rules of a small game: the host calls on_<event> for each event.

local joined = 0

function on_join(player)
  joined = joined + 1
  world.announce(player .. " joined (" .. joined .. " players)")
end

function on_score(player, points)
  return world.add_score(player, points)
end
