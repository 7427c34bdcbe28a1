{%- if "websockets_redis" in features -%}
"""This process's sockets and the Redis broadcast that joins them to every other replica's."""
{%- else -%}
"""This process's sockets and the in-process broadcast that reaches them."""
{%- endif %}

import uuid
from datetime import UTC, datetime

{% if "websockets_redis" in features -%}
from redis.asyncio import Redis

from ..redis.client import key, redis
from ..settings import settings
from .broadcast import Broadcast
{%- else -%}
from .broadcast import Broadcast
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
        settings.REDIS_URL, socket_connect_timeout=settings.REDIS_TIMEOUT, health_check_interval=10
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


async def start() -> None:
    await broadcast.start()


async def stop() -> None:
    """Close every socket with 1001 (going away), then stop the broadcast."""
    await manager.close_all()
    await broadcast.stop()
