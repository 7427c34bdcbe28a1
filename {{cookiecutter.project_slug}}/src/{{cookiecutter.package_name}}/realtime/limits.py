"""Room frames count against the caller's rate limit, RATE_LIMIT_DEFAULT, as requests do: a
`say` over the limit is not posted but answered with a `too_many_requests` error frame, and
the socket stays open.
"""

from fastapi import WebSocket

from ..identity import Principal
from ..rate_limit.dependencies import check_limits
from ..rate_limit.limiter import DEFAULT_LIMITS, client_address
from .manager import Post
from .schemas import RoomMessage


def within_rate_limit(post: Post, websocket: WebSocket, caller: Principal) -> Post:
    """`post` for one socket, each message counted first; raises TooManyRequests. A
    signed-in caller's frames count under the name their requests count under too, a
    guest's under the client's address.
    """
    counted = caller.name if caller.signed_in else f"address:{client_address(websocket)}"

    async def post_counted(room: str, sender: str, text: str) -> RoomMessage:
        await check_limits(DEFAULT_LIMITS, counted)
        return await post(room, sender, text)

    return post_counted
