"""Factories and helpers the tests share (fixtures live in conftest.py)."""

import os
import socket
from typing import NoReturn

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    """A loopback port nothing listens on now, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def unavailable(message: str) -> NoReturn:
    """Something a test needs is missing: skip it, saying how to get it, or fail it under CI,
    where everything must be there.
    """
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)
