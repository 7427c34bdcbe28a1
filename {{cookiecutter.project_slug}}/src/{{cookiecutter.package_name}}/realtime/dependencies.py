"""Who speaks in a room: the caller a socket's handshake names, checked as the HTTP API
checks them (identity/ says how).

A browser cannot set headers on a WebSocket handshake, so it sends its credential as the
second of two subprotocols, `new WebSocket(url, [CREDENTIAL_SUBPROTOCOL, credential])`, and
the server answers with the first. Credentials in the query string are refused on purpose:
URLs end up in access logs, proxy logs and browser history. Other clients may send the
header the HTTP API reads instead. No cookie is read, so another site's page cannot open a
socket in a user's name.
"""

from typing import Annotated, NamedTuple

from fastapi import Depends, WebSocket

from ..core.errors import AuthenticationFailed
from ..identity import (
    CREDENTIAL_SUBPROTOCOL,
    Caller,
    Principal,
    credential_in_headers,
    speaker_name,
)
from ..identity import socket_caller as caller_of_credential


class HandshakeRefused(Exception):
    """The socket is not let in; it is closed with 1008 before it is accepted."""


class Speaker(NamedTuple):
    """Who a socket speaks as, and the subprotocol its handshake is answered with."""

    caller: Principal
    subprotocol: str | None = None


def credential(websocket: WebSocket) -> tuple[str | None, str | None]:
    """The credential a handshake carries, and the subprotocol to accept."""
    offered: list[str] = websocket.scope.get("subprotocols", [])
    if CREDENTIAL_SUBPROTOCOL and len(offered) == 2 and offered[0] == CREDENTIAL_SUBPROTOCOL:
        return offered[1], CREDENTIAL_SUBPROTOCOL
    return credential_in_headers(websocket), None


async def speaker_for(presented: str | None, subprotocol: str | None = None) -> Speaker:
    """Who a handshake presenting this credential speaks for; raises HandshakeRefused."""
    try:
        return Speaker(await caller_of_credential(presented), subprotocol)
    except AuthenticationFailed as exc:
        raise HandshakeRefused(exc.detail) from exc


async def socket_speaker(websocket: WebSocket) -> Speaker:
    """Who the handshake speaks for; raises HandshakeRefused."""
    return await speaker_for(*credential(websocket))


async def http_sender(caller: Caller) -> str:
    return await speaker_name(caller)


# Who posts a message over HTTP, named as a socket of theirs would be.
HttpSender = Annotated[str, Depends(http_sender)]
