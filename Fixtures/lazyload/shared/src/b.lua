CONFIG = "from b"
