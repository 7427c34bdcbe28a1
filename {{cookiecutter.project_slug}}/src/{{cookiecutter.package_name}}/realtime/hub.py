{%- if "websockets_redis" in features -%}
"""This process's sockets and the Redis broadcast that joins them to every other replica's."""
{%- else -%}
"""This process's sockets and the in-process broadcast that reaches them."""
{%- endif %}

import uuid
from datetime import UTC, datetime

from fastapi import WebSocket
{%- if "websockets_redis" in features %}
from redis.asyncio import Redis
{%- endif %}

from ..identity import Principal, speaker_name, still_allowed
{%- if "websockets_redis" in features %}
from ..redis.client import key, redis
from ..redis.config import redis_settings
{%- endif %}
from .broadcast import Broadcast
{%- if "websockets_rate_limit" in features %}
from .limits import within_rate_limit
{%- endif %}
{%- if "websockets_local" in features %}
from .local_broadcast import InProcessBroadcast
{%- endif %}
from .manager import ConnectionManager
{%- if "websockets_redis" in features %}
from .redis_broadcast import RedisBroadcast
{%- endif %}
from .schemas import RoomMessage

manager = ConnectionManager()
{%- if "websockets_redis" in features %}
broadcast: Broadcast = RedisBroadcast(
    publisher=redis,
    subscriber=Redis.from_url(
        redis_settings.REDIS_URL,
        socket_connect_timeout=redis_settings.REDIS_TIMEOUT,
        health_check_interval=10,
    ),
    prefix=key("ws", ""),
    deliver=manager.deliver,
)
{%- else %}
broadcast: Broadcast = InProcessBroadcast(manager.deliver)
{%- endif %}


async def post(room: str, sender: str, text: str) -> RoomMessage:
    """Send a message to everyone in the room, on every replica; raises BroadcastUnavailable."""
    message = RoomMessage(
        id=uuid.uuid4().hex, room=room, sender=sender, sent_at=datetime.now(UTC), text=text
    )
    await broadcast.publish(room, message.model_dump_json())
    return message


async def join(websocket: WebSocket, room: str, caller: Principal) -> None:
    """Serve an accepted socket in the room, its caller named as identity.speaker_name says,
    until it closes or its caller may no longer speak (identity.still_allowed); its `say`
    frames are posted
{%- if "websockets_rate_limit" in features %} within the caller's rate limit.
{%- else %} as messages.
{%- endif %}
    """
    sender = await speaker_name(caller)
{%- if "websockets_rate_limit" in features %}
    posting = within_rate_limit(post, websocket, caller)
    await manager.serve(websocket, room, sender, posting, lambda: still_allowed(caller))
{%- else %}
    await manager.serve(websocket, room, sender, post, lambda: still_allowed(caller))
{%- endif %}


async def start() -> None:
    await broadcast.start()


async def stop() -> None:
    """Close every socket with 1001 (going away), then stop the broadcast."""
    await manager.close_all()
    await broadcast.stop()
