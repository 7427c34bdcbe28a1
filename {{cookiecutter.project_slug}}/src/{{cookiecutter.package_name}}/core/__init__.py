"""Settings, logging, errors, middleware and security primitives."""
