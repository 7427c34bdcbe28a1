"""Room frames count against the caller's rate limit, RATE_LIMIT_DEFAULT, as requests do: a
`say` over the limit is not posted but answered with a `too_many_requests` error frame, and
the socket stays open.
"""

from fastapi import WebSocket

from ..rate_limit.dependencies import check_limits
{%- if "jwt" in features or "api_key" in features %}
from ..rate_limit.limiter import DEFAULT_LIMITS
{%- else %}
from ..rate_limit.limiter import DEFAULT_LIMITS, counted_as
{%- endif %}
from .manager import Post
from .schemas import RoomMessage


def within_rate_limit(post: Post, websocket: WebSocket, sender: str) -> Post:
    """`post` for one socket, each message counted first; raises TooManyRequests."""
{%- if "jwt" in features %}
    caller = sender  # `user:<id>`, the name the user's requests count under too
{%- elif "api_key" in features %}
    caller = sender  # `key:<digest prefix>`, the name the key's requests count under too
{%- else %}
    caller = counted_as(websocket)  # the client's address, as for its requests
{%- endif %}

    async def post_counted(room: str, sender: str, text: str) -> RoomMessage:
        await check_limits(DEFAULT_LIMITS, caller)
        return await post(room, sender, text)

    return post_counted
