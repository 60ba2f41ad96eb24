function h_b1() end
h_b2 = {1, 2, 3}
