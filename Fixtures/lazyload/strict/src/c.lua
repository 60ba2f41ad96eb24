function late() return "late" end
