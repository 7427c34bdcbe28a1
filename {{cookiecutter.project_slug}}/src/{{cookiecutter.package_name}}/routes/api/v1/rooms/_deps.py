tags = ["rooms"]
