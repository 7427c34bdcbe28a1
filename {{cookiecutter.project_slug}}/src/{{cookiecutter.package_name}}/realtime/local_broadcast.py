"""Broadcast within one process: enough while the service runs as a single replica."""

from .broadcast import Deliver


class InProcessBroadcast:
    """For one process: a published frame goes straight to this process's sockets."""

    def __init__(self, deliver: Deliver) -> None:
        self.deliver = deliver

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, room: str, frame: str) -> None:
        self.deliver(room, frame)
