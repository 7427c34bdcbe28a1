from fastapi import status

{% if "jwt" in features -%}
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    ServiceUnavailable,
    error_responses,
)
{%- else -%}
from {{ cookiecutter.package_name }}.core.errors import ServiceUnavailable, error_responses
{%- endif %}
from {{ cookiecutter.package_name }}.realtime import hub
from {{ cookiecutter.package_name }}.realtime.broadcast import BroadcastUnavailable
from {{ cookiecutter.package_name }}.realtime.dependencies import HttpSender
from {{ cookiecutter.package_name }}.realtime.schemas import MessageIn, Room, RoomMessage

name = "post_message"
status_code = status.HTTP_202_ACCEPTED
{%- if "jwt" in features %}
responses = error_responses(AuthenticationFailed, ServiceUnavailable)
{%- else %}
responses = error_responses(ServiceUnavailable)
{%- endif %}


async def handler(room: Room, message: MessageIn, sender: HttpSender) -> RoomMessage:
    """Post a message to everyone in the room, on every replica (server-side notifications)."""
    try:
        return await hub.post(room, sender, message.text)
    except BroadcastUnavailable as exc:
        raise ServiceUnavailable(str(exc)) from exc
