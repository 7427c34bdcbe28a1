"""API keys: random tokens handed to clients, of which the service keeps only SHA-256 digests."""
