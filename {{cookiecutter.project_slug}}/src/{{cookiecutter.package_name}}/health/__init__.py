"""Health probes: liveness and readiness, and the checks readiness makes."""
