"""File transfer: streamed uploads to a storage backend, and downloads that can resume."""
