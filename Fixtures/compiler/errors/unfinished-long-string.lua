x = [[never closed
