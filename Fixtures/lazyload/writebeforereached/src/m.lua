print("m sees VALUE", VALUE, type(helper))
