local v <other> = 1
