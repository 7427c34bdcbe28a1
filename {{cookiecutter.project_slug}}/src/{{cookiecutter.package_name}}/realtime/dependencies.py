{%- if "jwt" in features -%}
"""Who speaks in a room: the user an access token names, checked as the HTTP API checks it.

A browser cannot set headers on a WebSocket handshake, so it sends the token as the second of
two subprotocols, `new WebSocket(url, ["bearer", token])`, and the server answers with the
first. Tokens in the query string are refused on purpose: URLs end up in access logs, proxy
logs and browser history. Other clients may send `Authorization: Bearer <token>` instead.
No cookie is read, so another site's page cannot open a socket in a user's name.
"""
{%- elif "api_key" in features -%}
"""Who speaks in a room: a listed API key, checked as the HTTP API checks it.

A browser cannot set headers on a WebSocket handshake, so it sends the key as the second of
two subprotocols, `new WebSocket(url, ["api-key", key])`, and the server answers with the
first. Keys in the query string are refused on purpose: URLs end up in access logs, proxy logs
and browser history. Other clients may send the `X-API-Key` header instead.
"""
{%- else -%}
"""Who speaks in a room: with no authentication, anyone, under a random guest name."""
{%- endif %}

{% if "jwt" not in features and "api_key" not in features -%}
import secrets
{% endif -%}
from typing import Annotated, NamedTuple

{% if "api_key" in features -%}
from fastapi import Depends, Security, WebSocket
{%- else -%}
from fastapi import Depends, WebSocket
{%- endif %}
{%- if "jwt" in features %}

from ..auth.dependencies import Caller
from ..auth.security import InvalidCredentials, decode_token
from ..db.session import ReadOnlySessionFactory
from ..users.models import User

SUBPROTOCOL = "bearer"
{%- elif "api_key" in features %}

from ..api_keys.dependencies import api_key_header
from ..api_keys.keys import is_valid_api_key, key_holder

SUBPROTOCOL = "api-key"
{%- endif %}


class HandshakeRefused(Exception):
    """The socket is not let in; it is closed with 1008 before it is accepted."""


class Speaker(NamedTuple):
    """Who a socket speaks as, and the subprotocol its handshake is answered with."""

    sender: str
    subprotocol: str | None = None
{%- if "jwt" in features or "api_key" in features %}


def credential(websocket: WebSocket) -> tuple[str, str | None]:
    """The credential a handshake carries and the subprotocol to accept, or refuse it."""
    offered: list[str] = websocket.scope.get("subprotocols", [])
    if len(offered) == 2 and offered[0] == SUBPROTOCOL:
        return offered[1], SUBPROTOCOL
{%- if "jwt" in features %}
    scheme, _, token = websocket.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        return token, None
{%- else %}
    key = websocket.headers.get("x-api-key")
    if key:
        return key, None
{%- endif %}
    raise HandshakeRefused("No credentials")
{%- endif %}


async def socket_speaker(websocket: WebSocket) -> Speaker:
    """Who the handshake speaks for; raises HandshakeRefused."""
{%- if "jwt" in features %}
    token, subprotocol = credential(websocket)
    try:
        user_id = decode_token(token, "access")
    except InvalidCredentials as exc:
        raise HandshakeRefused(exc.detail) from exc
    async with ReadOnlySessionFactory() as session:
        user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise HandshakeRefused("User not found or inactive")
    return Speaker(f"user:{user.id}", subprotocol)
{%- elif "api_key" in features %}
    key, subprotocol = credential(websocket)
    if not is_valid_api_key(key):
        raise HandshakeRefused("Invalid API key")
    return Speaker(key_holder(key), subprotocol)
{%- else %}
    return Speaker(f"guest:{secrets.token_hex(4)}")
{%- endif %}


{%- if "jwt" in features %}


async def http_sender(caller: Caller) -> str:
    return f"user:{caller.id}"
{%- elif "api_key" in features %}


async def http_sender(key: Annotated[str | None, Security(api_key_header)]) -> str:
    """The key's holder; the key itself was checked by the guard every API route runs."""
    return key_holder(key or "")
{%- else %}


async def http_sender() -> str:
    return "http"
{%- endif %}


# Who posts a message over HTTP, named as a socket of theirs would be.
HttpSender = Annotated[str, Depends(http_sender)]
