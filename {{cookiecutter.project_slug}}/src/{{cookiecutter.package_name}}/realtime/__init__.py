"""Rooms over WebSockets: every message posted to a room reaches its members on every replica."""
