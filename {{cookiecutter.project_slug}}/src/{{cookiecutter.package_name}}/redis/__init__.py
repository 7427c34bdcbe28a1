"""The Redis connection every Redis-backed feature shares (cache, rate limits)."""
