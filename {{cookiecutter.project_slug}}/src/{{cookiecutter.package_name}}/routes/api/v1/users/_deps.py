tags = ["users"]
