"""HTTP layer: shared dependencies, health checks and versioned routers."""
