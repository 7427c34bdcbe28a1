"""The rooms page: the site's chat, whose sockets speak as the browser's signed-in session.

The page's script cannot read the session cookie (HttpOnly), so its socket carries the cookie
as every same-site request does, and the handshake is let in only from a page of this site:
a browser always sends `Origin` on a WebSocket handshake, and another site's page cannot make
it this host, so it cannot open a socket in its visitor's name (cross-site WebSocket
hijacking). The API's own socket, `/ws/rooms/{room}`, reads no cookie.
"""

from urllib.parse import urlsplit

from fastapi import Request, Response, WebSocket

from ..realtime.dependencies import HandshakeRefused, Speaker, speaker_for
from ..realtime.endpoints import serve_room
from ..realtime.schemas import Room
{%- if "pages_sign_in" in features %}
from .sign_in import SESSION_COOKIE
{%- endif %}
from .templating import render


async def rooms_page(request: Request) -> Response:
    """A page to join a room, read what is said there and say something."""
    return render(request, "rooms.html")


def from_this_site(websocket: WebSocket) -> bool:
    """Whether the handshake was opened by a page served from the host it is sent to."""
    origin = websocket.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc == websocket.headers.get("host")


async def session_speaker(websocket: WebSocket) -> Speaker:
    """The browser's session{% if "pages_sign_in" in features %} (its cookie){% endif %}, for a handshake from a page of this site
    alone; raises HandshakeRefused.
    """
    if not from_this_site(websocket):
        raise HandshakeRefused("another origin")
{%- if "pages_sign_in" in features %}
    return await speaker_for(websocket.cookies.get(SESSION_COOKIE))
{%- else %}
    return await speaker_for(None)
{%- endif %}


async def room_page_socket(websocket: WebSocket, room: Room) -> None:
    """Join a room as the browser's session{% if "pages_sign_in" in features %} (refused with 1008 without one){% endif %}: the same
    frames, rules and rate limit as the API's socket.
    """
    await serve_room(websocket, room, session_speaker)
