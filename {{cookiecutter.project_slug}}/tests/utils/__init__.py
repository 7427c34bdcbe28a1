"""Factories and helpers the tests share (fixtures live in conftest.py)."""
