"""The model registry, which lives in models.py above the features; re-exported here for
tests/conftest.py until it imports it from there.
"""

from ..models import Base as Base
