"""The rooms page: its socket speaks as the browser's session{% if "pages_sign_in" in features %} (its cookie){% endif %}, and is let in
only from a page of this site, so another site cannot open one in its visitor's name.
"""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from httpx import AsyncClient
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from .utils.sockets import next_frame


@asynccontextmanager
async def page_socket(
    address: str, origin: str | None, session: str | None
) -> AsyncIterator[ClientConnection]:
    """The socket the rooms page opens, sent from `origin` with this session cookie."""
    headers = {"Cookie": f"session={session}"} if session else {}
    async with connect(
        f"ws://{address}/rooms/lobby/socket",
        origin=None if origin is None else Origin(origin),
        additional_headers=headers,
    ) as ws:
        yield ws


async def test_the_page_links_its_script_and_may_connect_to_this_site_alone(
    page_client: AsyncClient,
) -> None:
    page = await page_client.get("/rooms")

    assert page.status_code == 200
    assert '<script src="/static/js/rooms.' in page.text
    assert "connect-src 'self'" in page.headers["content-security-policy"]


async def test_a_browser_on_this_site_joins_and_hears_what_it_says(
    address: str, page_client: AsyncClient
) -> None:
    session = page_client.cookies.get("session")
    async with page_socket(address, f"http://{address}", session) as ws:
        joined = await next_frame(ws, "joined")
        await ws.send(json.dumps({"type": "say", "text": "Hello from the page"}))
        heard = await next_frame(ws, "message")

    assert heard["text"] == "Hello from the page"
    assert heard["sender"] == joined["sender"]
{%- if "jwt" in features %}
    assert joined["sender"].startswith("user:")
{%- elif "api_key" in features %}
    assert joined["sender"].startswith("key:")
{%- else %}
    assert joined["sender"].startswith("guest:")
{%- endif %}


@pytest.mark.parametrize("origin", ["http://elsewhere.example", "null", None])
async def test_a_handshake_from_another_site_is_refused_whatever_it_carries(
    address: str, page_client: AsyncClient, origin: str | None
) -> None:
    session = page_client.cookies.get("session")
    with pytest.raises(InvalidStatus) as refused:
        async with page_socket(address, origin, session):
            pass  # pragma: no cover

    assert refused.value.response.status_code == 403
{%- if "pages_sign_in" in features %}


@pytest.mark.parametrize("session", [None, "not-a-session"])
async def test_a_browser_without_a_session_is_refused(address: str, session: str | None) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with page_socket(address, f"http://{address}", session):
            pass  # pragma: no cover

    assert refused.value.response.status_code == 403
{%- endif %}
