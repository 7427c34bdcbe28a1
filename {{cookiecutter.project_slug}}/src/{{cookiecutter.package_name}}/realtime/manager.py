"""This process's sockets, by room: each gets its own bounded send queue and writer, so one
slow client is disconnected instead of holding up the rest.
"""

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from contextlib import suppress

import structlog
from fastapi import WebSocket, status
from pydantic import ValidationError
from starlette.websockets import WebSocketState

from ..core.errors import AppError, error_code
from .broadcast import BroadcastUnavailable
from .config import realtime_settings
from .schemas import PING_FRAME, PONG_FRAME, ClientFrame, ErrorFrame, Joined, RoomMessage, Say

logger = structlog.get_logger(__name__)

# Posts `text` from `sender` to `room` everywhere; raises BroadcastUnavailable, or an AppError
# (a rate limit) that the socket is answered with as an error frame.
Post = Callable[[str, str, str], Awaitable[RoomMessage]]
# Whether the socket's caller may still speak.
Allowed = Callable[[], Awaitable[bool]]
# Seconds close_all() waits for the sockets it closed to finish.
CLOSE_WAIT = 2.0


class Connection:
    """One socket: frames wait in a queue of WS_SEND_QUEUE_SIZE for its writer."""

    def __init__(self, websocket: WebSocket, room: str, sender: str) -> None:
        self.websocket = websocket
        self.room = room
        self.sender = sender
        self.frames: asyncio.Queue[str] = asyncio.Queue()
        self.close_code: int | None = None
        self.close_reason = ""
        self.closing = asyncio.Event()
        self.left = asyncio.Event()

    def offer(self, frame: str) -> None:
        """Queue a frame, or disconnect the client if it has fallen too far behind."""
        if self.frames.qsize() >= realtime_settings.WS_SEND_QUEUE_SIZE:
            self.close(status.WS_1008_POLICY_VIOLATION, "Too slow: send queue full")
            return
        self.frames.put_nowait(frame)

    def close(self, code: int, reason: str = "") -> None:
        """Close the socket with `code`; what is still queued is dropped."""
        if self.close_code is None:
            self.close_code, self.close_reason = code, reason
            self.closing.set()

    async def write(self) -> None:
        while True:
            await self.websocket.send_text(await self.frames.get())


class ConnectionManager:
    def __init__(self) -> None:
        self.rooms: defaultdict[str, set[Connection]] = defaultdict(set)

    def members(self, room: str) -> int:
        return len(self.rooms.get(room, ()))

    def deliver(self, room: str, frame: str) -> None:
        for connection in tuple(self.rooms.get(room, ())):
            connection.offer(frame)

    async def serve(
        self, websocket: WebSocket, room: str, sender: str, post: Post, allowed: Allowed
    ) -> None:
        """Run an accepted socket until either side closes it, or `allowed` says its caller
        may no longer speak; it leaves the room after.
        """
        connection = Connection(websocket, room, sender)
        self.rooms[room].add(connection)
        connection.offer(Joined(room=room, sender=sender).model_dump_json())
        logger.info("websocket_joined", room=room, sender=sender)
        tasks = [
            asyncio.create_task(connection.write()),
            asyncio.create_task(self._read(connection, post)),
            asyncio.create_task(self._recheck(connection, allowed)),
            asyncio.create_task(connection.closing.wait()),
        ]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.rooms[room].discard(connection)
            if not self.rooms[room]:
                del self.rooms[room]
            connection.left.set()
        if connection.close_code is not None and websocket.client_state is WebSocketState.CONNECTED:
            with suppress(RuntimeError, OSError):
                await websocket.close(connection.close_code, connection.close_reason)
        logger.info("websocket_left", room=room, sender=sender, code=connection.close_code)

    async def close_all(self, code: int = status.WS_1001_GOING_AWAY) -> None:
        """Close every socket (1001 at shutdown) and wait a little for them to finish."""
        for room in self.rooms.values():
            for connection in room:
                connection.close(code, "Server shutting down")
        left = [connection.left.wait() for room in self.rooms.values() for connection in room]
        with suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*left), CLOSE_WAIT)

    async def _recheck(self, connection: Connection, allowed: Allowed) -> None:
        """Every WS_RECHECK_INTERVAL, close the socket with 1008 once its caller may no
        longer speak. A check that fails (the database down) keeps the socket until the next.
        """
        while True:
            await asyncio.sleep(realtime_settings.WS_RECHECK_INTERVAL)
            try:
                still = await allowed()
            except Exception as exc:
                logger.warning("websocket_recheck_failed", room=connection.room, error=repr(exc))
                continue
            if not still:
                connection.close(status.WS_1008_POLICY_VIOLATION, "No longer allowed")
                return

    async def _read(self, connection: Connection, post: Post) -> None:
        """Read frames until the client leaves, pinging it when quiet and dropping it when
        it stays silent for WS_IDLE_TIMEOUT.
        """
        last_heard = time.monotonic()
        malformed = 0
        while True:
            silence = time.monotonic() - last_heard
            if silence >= realtime_settings.WS_IDLE_TIMEOUT:
                connection.close(status.WS_1000_NORMAL_CLOSURE, "Idle timeout")
                return
            wait = min(
                realtime_settings.WS_PING_INTERVAL, realtime_settings.WS_IDLE_TIMEOUT - silence
            )
            try:
                message = await asyncio.wait_for(connection.websocket.receive(), wait)
            except TimeoutError:
                connection.offer(PING_FRAME)
                continue
            if message["type"] == "websocket.disconnect":
                return
            last_heard = time.monotonic()
            text = message.get("text")
            if text is not None and len(text.encode()) > realtime_settings.WS_MAX_MESSAGE_BYTES:
                connection.close(
                    status.WS_1009_MESSAGE_TOO_BIG,
                    f"Messages are limited to {realtime_settings.WS_MAX_MESSAGE_BYTES} bytes",
                )
                return
            error = await self._handle(connection, text, post)
            if error is None:
                malformed = 0
                continue
            if error.error_code == "validation_error":
                malformed += 1
                if malformed >= realtime_settings.WS_MAX_MALFORMED:
                    connection.close(status.WS_1003_UNSUPPORTED_DATA, "Too many malformed frames")
                    return
            connection.offer(error.model_dump_json())

    async def _handle(
        self, connection: Connection, text: str | None, post: Post
    ) -> ErrorFrame | None:
        """Act on one frame; the error frame to answer with, if it was refused."""
        if text is None:
            return ErrorFrame(error_code="validation_error", detail="Send JSON in text frames")
        try:
            frame = ClientFrame.validate_json(text)
        except ValidationError as exc:
            errors = [
                {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
                for error in exc.errors()
            ]
            return ErrorFrame(error_code="validation_error", detail=errors)
        if isinstance(frame, Say):
            try:
                await post(connection.room, connection.sender, frame.text)
            except BroadcastUnavailable as exc:
                return ErrorFrame(error_code="service_unavailable", detail=str(exc))
            except AppError as exc:
                return ErrorFrame(error_code=error_code(exc.status_code), detail=exc.detail)
        elif frame.type == "ping":
            connection.offer(PONG_FRAME)
        return None
