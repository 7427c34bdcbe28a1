"""Notes: short texts the team keeps beside the items."""
