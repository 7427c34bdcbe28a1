from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import ServiceUnavailable, error_responses
from {{ cookiecutter.package_name }}.identity import CALLER_ERRORS
from {{ cookiecutter.package_name }}.realtime import hub
from {{ cookiecutter.package_name }}.realtime.broadcast import BroadcastUnavailable
from {{ cookiecutter.package_name }}.realtime.dependencies import HttpSender
from {{ cookiecutter.package_name }}.realtime.schemas import MessageIn, Room, RoomMessage

name = "post_message"
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(*CALLER_ERRORS, ServiceUnavailable)


async def handler(room: Room, message: MessageIn, sender: HttpSender) -> RoomMessage:
    """Post a message to everyone in the room, on every replica (server-side notifications)."""
    try:
        return await hub.post(room, sender, message.text)
    except BroadcastUnavailable as exc:
        raise ServiceUnavailable(str(exc)) from exc
