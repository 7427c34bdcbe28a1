"""Request dependencies every feature shares: the session and a page of rows."""
