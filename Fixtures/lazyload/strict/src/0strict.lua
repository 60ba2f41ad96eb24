function early() return "early" end
