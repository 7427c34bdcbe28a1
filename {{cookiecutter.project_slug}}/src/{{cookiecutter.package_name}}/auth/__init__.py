"""Login and token refresh."""
