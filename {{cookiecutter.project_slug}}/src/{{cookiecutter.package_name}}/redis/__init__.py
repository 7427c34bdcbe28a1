"""The Redis connection every Redis-backed feature shares, and the circuit breaker before it."""
