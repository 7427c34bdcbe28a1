import structlog
from fastapi import WebSocket, status

from {{ cookiecutter.package_name }}.realtime import hub
from {{ cookiecutter.package_name }}.realtime.dependencies import HandshakeRefused, socket_speaker
from {{ cookiecutter.package_name }}.realtime.schemas import Room

logger = structlog.get_logger(__name__)

name = "room_socket"


async def handler(websocket: WebSocket, room: Room) -> None:
    """Join a room: send `say` frames, receive every `message` posted to it."""
    try:
        speaker = await socket_speaker(websocket)
    except HandshakeRefused as exc:
        logger.warning("websocket_refused", path=websocket.url.path, reason=str(exc))
        await websocket.close(status.WS_1008_POLICY_VIOLATION)
        return
    await websocket.accept(subprotocol=speaker.subprotocol)
    await hub.join(websocket, room, speaker.caller)
