"""Room endpoints: the room socket, posting to a room over HTTP, and the demo page."""

from collections.abc import Awaitable, Callable

import structlog
from fastapi import WebSocket, status
from fastapi.responses import HTMLResponse, Response

from ..core.errors import AppError, ServiceUnavailable
from ..identity import CALLER_ERRORS
from . import hub
from .broadcast import BroadcastUnavailable
from .demo import DEMO_PAGE, DEMO_POLICY, DEMO_SCRIPT
from .dependencies import HandshakeRefused, HttpSender, Speaker, socket_speaker
from .schemas import MessageIn, Room, RoomMessage

logger = structlog.get_logger(__name__)

# What posting can answer besides its result, for the OpenAPI document.
POST_ERRORS: tuple[type[AppError], ...] = (*CALLER_ERRORS, ServiceUnavailable)


async def post_message(room: Room, message: MessageIn, sender: HttpSender) -> RoomMessage:
    """Post a message to everyone in the room, on every replica (server-side notifications)."""
    try:
        return await hub.post(room, sender, message.text)
    except BroadcastUnavailable as exc:
        raise ServiceUnavailable(str(exc)) from exc


async def room_socket(websocket: WebSocket, room: Room) -> None:
    """Join a room: send `say` frames, receive every `message` posted to it."""
    await serve_room(websocket, room, socket_speaker)


async def serve_room(
    websocket: WebSocket, room: str, speaker_of: Callable[[WebSocket], Awaitable[Speaker]]
) -> None:
    """Let the socket into the room as whom `speaker_of` finds its handshake speaks for, or
    close it with 1008 (logged) when that refuses it.
    """
    try:
        speaker = await speaker_of(websocket)
    except HandshakeRefused as exc:
        logger.warning("websocket_refused", path=websocket.url.path, reason=str(exc))
        await websocket.close(status.WS_1008_POLICY_VIOLATION)
        return
    await websocket.accept(subprotocol=speaker.subprotocol)
    await hub.join(websocket, room, speaker.caller)


async def demo_page() -> HTMLResponse:
    """A page to try the rooms in a browser."""
    return HTMLResponse(DEMO_PAGE, headers={"Content-Security-Policy": DEMO_POLICY})


async def demo_script() -> Response:
    return Response(DEMO_SCRIPT, media_type="text/javascript")
