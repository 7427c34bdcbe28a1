"""Calls to other services: one pooled HTTP client, retries for idempotent requests, and a
circuit breaker per upstream.
"""
