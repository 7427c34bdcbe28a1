tags = ["auth"]
