"""The rooms page: the site's chat, whose sockets speak as the browser's signed-in session.

The page's script cannot read the session cookie (HttpOnly), so its socket carries the cookie
as every same-site request does, and the handshake is let in only from a page of this site:
a browser always sends `Origin` on a WebSocket handshake, and another site's page cannot make
it this host, so it cannot open a socket in its visitor's name (cross-site WebSocket
hijacking). The API's own socket, `/ws/rooms/{room}`, reads no cookie.
"""

from urllib.parse import urlsplit

import structlog
from fastapi import Request, Response, WebSocket, status

from ..core.errors import AuthenticationFailed
from ..identity import socket_caller
from ..realtime import hub
from ..realtime.schemas import Room
{%- if "pages_sign_in" in features %}
from .sign_in import SESSION_COOKIE
{%- endif %}
from .templating import render

logger = structlog.get_logger(__name__)


async def rooms_page(request: Request) -> Response:
    """A page to join a room, read what is said there and say something."""
    return render(request, "rooms.html")


def from_this_site(websocket: WebSocket) -> bool:
    """Whether the handshake was opened by a page served from the host it is sent to."""
    origin = websocket.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc == websocket.headers.get("host")


async def room_page_socket(websocket: WebSocket, room: Room) -> None:
    """Join a room as the browser's session{% if "pages_sign_in" in features %} (refused with 1008 without one){% endif %}: the same
    frames, rules and rate limit as the API's socket.
    """
    if not from_this_site(websocket):
        logger.warning("websocket_refused", path=websocket.url.path, reason="another origin")
        await websocket.close(status.WS_1008_POLICY_VIOLATION)
        return
    try:
{%- if "pages_sign_in" in features %}
        caller = await socket_caller(websocket.cookies.get(SESSION_COOKIE))
{%- else %}
        caller = await socket_caller(None)
{%- endif %}
    except AuthenticationFailed as exc:
        logger.warning("websocket_refused", path=websocket.url.path, reason=exc.detail)
        await websocket.close(status.WS_1008_POLICY_VIOLATION)
        return
    await websocket.accept()
    await hub.join(websocket, room, caller)
