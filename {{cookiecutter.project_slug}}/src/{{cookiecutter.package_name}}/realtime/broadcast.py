"""The broadcast interface: a frame published to a room is delivered to that room's sockets
in every process that runs the service, this one included.
"""

from collections.abc import Callable
from typing import Protocol

# Hands a frame (JSON text) to this process's sockets in a room; never blocks.
Deliver = Callable[[str, str], None]


class BroadcastUnavailable(Exception):
    """The frame could not be published (the server carrying it is unreachable)."""


class Broadcast(Protocol):
    async def start(self) -> None:
        """Begin receiving what any process publishes."""

    async def stop(self) -> None: ...

    async def publish(self, room: str, frame: str) -> None:
        """Deliver `frame` to `room` everywhere; raises BroadcastUnavailable."""
