"""Broadcast through Redis pub/sub, so a message posted on one replica reaches every other.

Each process holds one subscription to every room's channel (`<prefix>:<env>:ws:*`) and hands
what arrives to its own sockets; publishing is one PUBLISH on the shared client. Pub/sub keeps
nothing: while the subscription is down, frames published meanwhile are lost, so the loss is
logged (`broadcast_disconnected`, then `broadcast_reconnected` with the gap in seconds) and the
subscription is retried until Redis answers again.
"""

import asyncio
import re
import time
from contextlib import suppress

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from ..redis.client import UNAVAILABLE, guarded
from .broadcast import BroadcastUnavailable, Deliver

logger = structlog.get_logger(__name__)

# What a publish raises when Redis cannot take it: down, frozen, or its circuit open.
PUBLISH_ERRORS: tuple[type[Exception], ...] = (*UNAVAILABLE, OSError)
# Seconds between attempts to subscribe again after losing Redis.
RECONNECT_DELAY = 0.5
# Seconds one read waits for a frame; between reads the connection is health-checked.
READ_TIMEOUT = 1.0
# Seconds start() waits for the first subscription before carrying on without it.
START_TIMEOUT = 5.0


class RedisBroadcast:
    def __init__(self, publisher: Redis, subscriber: Redis, prefix: str, deliver: Deliver) -> None:
        """`publisher` is the service's shared client; `subscriber` one of its own, without a
        read timeout, as a subscription may sit quiet for hours.
        """
        self.publisher = publisher
        self.subscriber = subscriber
        self.prefix = prefix
        self.pattern = re.sub(r"([*?\[\]\\])", r"\\\1", prefix) + "*"
        self.deliver = deliver
        self.subscribed = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen())
        with suppress(TimeoutError):
            await asyncio.wait_for(self.subscribed.wait(), START_TIMEOUT)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        # A later start() then waits for a subscription of its own, not this one's.
        self.subscribed.clear()
        await self.subscriber.aclose()

    async def publish(self, room: str, frame: str) -> None:
        """One PUBLISH through the Redis circuit: while it is open, posting fails at once."""
        try:
            with guarded():
                await self.publisher.publish(self.prefix + room, frame)
        except PUBLISH_ERRORS as exc:
            logger.warning("broadcast_publish_failed", room=room, error=repr(exc))
            raise BroadcastUnavailable("The broadcast server is unreachable") from exc

    async def _listen(self) -> None:
        down_since: float | None = None
        while True:
            pubsub = self.subscriber.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(self.pattern)
                if down_since is not None:
                    gap = round(time.monotonic() - down_since, 3)
                    logger.warning("broadcast_reconnected", gap_seconds=gap)
                    down_since = None
                self.subscribed.set()
                while True:
                    message = await pubsub.get_message(timeout=READ_TIMEOUT)
                    if message is not None:
                        room = message["channel"].decode().removeprefix(self.prefix)
                        self.deliver(room, message["data"].decode())
            except (RedisError, OSError) as exc:
                self.subscribed.clear()
                if down_since is None:
                    down_since = time.monotonic()
                    logger.warning("broadcast_disconnected", error=repr(exc))
                await asyncio.sleep(RECONNECT_DELAY)
            finally:
                with suppress(RedisError, OSError):
                    await pubsub.aclose()
