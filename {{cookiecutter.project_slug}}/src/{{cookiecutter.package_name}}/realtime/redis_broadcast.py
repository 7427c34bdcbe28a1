"""Broadcast through a Redis stream, so a message posted on one replica reaches every other.

Every room shares one stream, `<prefix>rooms`: publishing is one XADD on the shared client,
and each process reads the stream with XREAD from the id of the last entry it delivered,
handing each entry to its own sockets. A stream keeps what was added, so when the connection
comes back a process carries on from where it stopped and gets every entry added meanwhile,
those added while it was reconnecting included: a message accepted as soon as Redis answers
again is not lost. The outage is logged (`broadcast_disconnected`, then
`broadcast_reconnected` with the gap in seconds); while Redis is down nothing can be added,
so posting fails rather than losing a message.

A process's first read starts after the stream's last entry (XREAD's `$`): it delivers what is
posted from then on, not the history. Redis gives an entry an id from its clock
(milliseconds), never below the stream's last. If Redis restarts without persistence, the
stream is empty and new ids continue from the clock, above any id a process delivered before,
so reading on from the last one delivered is still right. This assumes Redis comes back with a
clock no earlier than the one it had: a server whose clock is behind would hold new entries
back from a process until it caught up.
"""

import asyncio
import time
from contextlib import suppress
from typing import cast

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from ..redis.client import UNAVAILABLE, guarded
from .broadcast import BroadcastUnavailable, Deliver

logger = structlog.get_logger(__name__)

# An entry as redis-py 7 and 8 give it without decode_responses: (id, {field: value}).
Entry = tuple[bytes, dict[bytes, bytes]]

# What a publish raises when Redis cannot take it: down, frozen, or its circuit open.
PUBLISH_ERRORS: tuple[type[Exception], ...] = (*UNAVAILABLE, OSError)
# Seconds between attempts to read again after losing Redis.
RECONNECT_DELAY = 0.5
# Seconds one XREAD waits for an entry before it is sent again.
READ_TIMEOUT = 1.0
# Seconds beyond READ_TIMEOUT a read may take before Redis is taken for frozen, whatever socket
# timeout the subscriber has (none, or redis-py 8's default 5 s).
READ_GRACE = 2.0
# Entries one read hands over at most, so catching up after a gap holds bounded memory.
READ_COUNT = 500
# Entries the stream keeps, trimmed approximately (whole nodes, cheap). A process reading
# along needs only what was added since its last read; the rest is for one that stopped
# reading (a partition, a stalled event loop) while others posted. 10,000 entries are minutes
# of a busy room (bench/broadcast.py: 13-37 messages/s fanned out to 1,000 sockets) and 2 s of
# one process publishing back to back (4,000-6,000/s), in 2.6 MiB of Redis for typical
# 210-byte frames, about 80 MiB at the 2,000-character limit in 4-byte characters.
STREAM_LENGTH = 10_000
# Seconds the stream outlives its last entry, so an environment that is gone leaves no stream.
STREAM_TTL = 24 * 3600
# Seconds start() waits for the first read before carrying on without it.
START_TIMEOUT = 5.0
# Seconds stop() gives the listener to end before cancelling it again.
STOP_RETRY = 0.1


class RedisBroadcast:
    def __init__(self, publisher: Redis, subscriber: Redis, prefix: str, deliver: Deliver) -> None:
        """`publisher` is the service's shared client; `subscriber` one of its own, without a
        read timeout or with one above READ_TIMEOUT, the time XREAD waits for an entry.
        """
        self.publisher = publisher
        self.subscriber = subscriber
        self.stream = prefix + "rooms"
        self.deliver = deliver
        self.subscribed = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen())
        with suppress(TimeoutError):
            await asyncio.wait_for(self.subscribed.wait(), START_TIMEOUT)

    async def stop(self) -> None:
        if self._listener is not None:
            # Cancelled again until it ends: on Python 3.11, asyncio.wait_for, which redis-py
            # sends each command through, drops a cancel that lands as the send completes
            # (python/cpython#86296), and the listener would read on for ever.
            while not self._listener.done():
                self._listener.cancel()
                await asyncio.wait([self._listener], timeout=STOP_RETRY)
            with suppress(asyncio.CancelledError):
                self._listener.result()
            self._listener = None
        # A later start() then waits for a subscription of its own, not this one's.
        self.subscribed.clear()
        await self.subscriber.aclose()

    async def publish(self, room: str, frame: str) -> None:
        """One round trip (XADD, EXPIRE) through the Redis circuit: while it is open, posting
        fails at once.
        """
        try:
            with guarded():
                async with self.publisher.pipeline(transaction=False) as pipe:
                    pipe.xadd(self.stream, {"room": room, "frame": frame}, maxlen=STREAM_LENGTH)
                    pipe.expire(self.stream, STREAM_TTL)
                    await pipe.execute()
        except PUBLISH_ERRORS as exc:
            logger.warning("broadcast_publish_failed", room=room, error=repr(exc))
            raise BroadcastUnavailable("The broadcast server is unreachable") from exc

    async def _listen(self) -> None:
        last_id: bytes | None = None  # none delivered yet: start after the stream's last entry
        down_since: float | None = None
        while True:
            try:
                async with asyncio.timeout(READ_TIMEOUT + READ_GRACE):
                    if last_id is None:
                        last_id = await self._last_entry_id()
                    else:  # is Redis back? (ECHO, as PING's type differs in redis-py 7.2)
                        await self.subscriber.echo("reading")
                if down_since is not None:
                    gap = round(time.monotonic() - down_since, 3)
                    logger.warning("broadcast_reconnected", gap_seconds=gap)
                    down_since = None
                self.subscribed.set()
                while True:
                    last_id = await self._read_from(last_id)
            except (RedisError, OSError) as exc:  # OSError includes the TimeoutError above
                self.subscribed.clear()
                if down_since is None:
                    down_since = time.monotonic()
                    logger.warning("broadcast_disconnected", error=repr(exc))
                await asyncio.sleep(RECONNECT_DELAY)

    async def _last_entry_id(self) -> bytes:
        """XREAD's `$`, fixed now: what is added after start() is read, however late."""
        last = cast(list[Entry], await self.subscriber.xrevrange(self.stream, count=1))
        return last[0][0] if last else b"0-0"

    async def _read_from(self, last_id: bytes) -> bytes:
        """Deliver the entries after `last_id` (waiting READ_TIMEOUT for one); the last one's id."""
        async with asyncio.timeout(READ_TIMEOUT + READ_GRACE):
            read = await self.subscriber.xread(
                {self.stream: last_id}, count=READ_COUNT, block=int(READ_TIMEOUT * 1000)
            )
        streams = cast(list[tuple[bytes, list[Entry]]], read)
        for _, entries in streams:
            for entry_id, fields in entries:
                self.deliver(fields[b"room"].decode(), fields[b"frame"].decode())
                last_id = entry_id
        return last_id
