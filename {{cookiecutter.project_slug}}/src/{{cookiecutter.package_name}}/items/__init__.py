"""Items owned by the API's clients."""
