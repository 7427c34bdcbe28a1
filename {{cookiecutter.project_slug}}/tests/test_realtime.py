"""Room sockets: members receive what anyone posts, by socket or HTTP; bad, huge, silent and
slow clients are dealt with one at a time; {% if "jwt" in features or "api_key" in features %}a handshake without credentials is refused;
{% endif %}shutdown closes every socket with 1001.
"""

import asyncio
import json
import secrets
{%- if "jwt" in features or "api_key" in features %}
import sys
{%- endif %}

import pytest
{%- if "jwt" in features or "api_key" in features %}
import structlog
{%- endif %}
from httpx import AsyncClient
from pydantic import ValidationError
{%- if "jwt" in features %}
from sqlalchemy.ext.asyncio import AsyncSession
{%- endif %}
{%- if "jwt" in features or "api_key" in features %}
from structlog.testing import CapturingLogger
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Subprotocol
{%- endif %}

{% if "jwt" in features -%}
from {{ cookiecutter.package_name }}.credentials.scopes import SCOPES
{% endif -%}
from {{ cookiecutter.package_name }}.realtime import hub
from {{ cookiecutter.package_name }}.realtime.config import RealtimeSettings, realtime_settings
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.sessions import service as sessions
from {{ cookiecutter.package_name }}.users.models import User
from {{ cookiecutter.package_name }}.users.roles import assign_roles
{%- endif %}

{% if "api_key" in features -%}
from .conftest import TEST_API_KEY
{% endif -%}
from .utils.sockets import close_code, joined, next_frame
{%- if "jwt" in features %}
from .utils.users import auth_headers, create_user
{%- endif %}
{%- if "jwt" in features or "api_key" in features %}

# The module whose endpoint serves the room socket, whichever routing style serves it.
SOCKET_MODULE = "{{ cookiecutter.package_name }}.realtime.endpoints"
{%- endif %}

# Frames for the slow-client test: 19 MiB, more than the loopback's buffers hold.
FRAMES = 300


async def test_a_message_reaches_every_member_with_its_sender_time_and_id(
    address: str, credential: list[str] | None
) -> None:
    async with (
        joined(address, "lobby", credential) as alice,
        joined(address, "lobby", credential) as bob,
        joined(address, "kitchen", credential) as elsewhere,
    ):
        await alice.send(json.dumps({"type": "say", "text": "Hello"}))

        seen = [await next_frame(ws, "message") for ws in (alice, bob)]
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(elsewhere.recv(), 0.2)

    assert seen[0] == seen[1]
    assert seen[0]["text"] == "Hello"
    assert seen[0]["room"] == "lobby"
    assert len(seen[0]["id"]) == 32
    assert seen[0]["sent_at"].endswith("Z")
{%- if "jwt" in features %}
    assert seen[0]["sender"].startswith("user:")
{%- elif "api_key" in features %}
    assert seen[0]["sender"].startswith("key:")
{%- else %}
    assert seen[0]["sender"].startswith("guest:")
{%- endif %}


async def test_a_message_posted_over_http_reaches_the_room(
    address: str, credential: list[str] | None, api_client: AsyncClient
) -> None:
    async with joined(address, "news", credential) as ws:
        response = await api_client.post("/api/v1/rooms/news/messages", json={"text": "Deployed"})

        received = await next_frame(ws, "message")

    assert response.status_code == 202
    assert received == response.json()
{%- if "jwt" in features or "api_key" in features %}


async def test_posting_over_http_without_credentials_is_refused(client: AsyncClient) -> None:
    response = await client.post("/api/v1/rooms/news/messages", json={"text": "Hi"})

    assert response.status_code == 401
    assert response.json()["error_code"] == "not_authenticated"


@pytest.mark.parametrize(
    "offered",
    [
        None,
{%- if "jwt" in features %}
        ["bearer", "not-a-token"],
{%- else %}
        ["api-key", "not-a-listed-key"],
{%- endif %}
    ],
    ids=["none", "wrong"],
)
async def test_a_handshake_without_valid_credentials_is_refused_and_logged(
    address: str, monkeypatch: pytest.MonkeyPatch, offered: list[str] | None
) -> None:
    capturing = CapturingLogger()
    logger = structlog.wrap_logger(capturing, processors=[structlog.contextvars.merge_contextvars])
    monkeypatch.setattr(sys.modules[SOCKET_MODULE], "logger", logger)

    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            f"ws://{address}/ws/rooms/lobby",
            subprotocols=[Subprotocol(value) for value in offered] if offered else None,
            additional_headers={"X-Request-ID": "handshake-1"},
        ):
            pass  # pragma: no cover

    # A close before accept() (code 1008) is answered with a 403 to the handshake.
    assert refused.value.response.status_code == 403
    [call] = capturing.calls
    assert call.kwargs["event"] == "websocket_refused"
    assert call.kwargs["request_id"] == "handshake-1"
{%- if "jwt" in features %}


async def test_a_token_in_the_query_string_is_not_read(address: str, credential: list[str]) -> None:
    with pytest.raises(InvalidStatus):
        async with connect(f"ws://{address}/ws/rooms/lobby?token={credential[1]}"):
            pass  # pragma: no cover


async def test_a_non_browser_client_may_send_the_authorization_header(
    address: str, credential: list[str]
) -> None:
    headers = {"Authorization": f"Bearer {credential[1]}"}
    async with connect(f"ws://{address}/ws/rooms/lobby", additional_headers=headers) as ws:
        assert (await next_frame(ws, "joined"))["sender"].startswith("user:")


async def test_a_user_is_named_by_the_name_they_gave_and_never_by_their_address(
    address: str, client: AsyncClient, session: AsyncSession
) -> None:
    ada = await create_user(session, "ada@example.com", full_name="Ada Lovelace")
    headers = await auth_headers(session, ada)
    token = headers["Authorization"].removeprefix("Bearer ")
    async with joined(address, "lobby", ["bearer", token]) as ws:
        await ws.send(json.dumps({"type": "say", "text": "By socket"}))
        by_socket = await next_frame(ws, "message")
        posted = await client.post(
            "/api/v1/rooms/lobby/messages", json={"text": "By HTTP"}, headers=headers
        )
        by_http = await next_frame(ws, "message")

    assert posted.status_code == 202
    assert (by_socket["sender"], by_http["sender"]) == ("Ada Lovelace", "Ada Lovelace")


async def test_an_inactive_user_is_refused(
    address: str, credential: list[str], user: User, session: AsyncSession
) -> None:
    user.is_active = False
    await session.commit()

    with pytest.raises(InvalidStatus):
        async with joined(address, "lobby", credential):
            pass  # pragma: no cover


@pytest.mark.parametrize("cut_off", ["deactivated", "signed_out", "roles_changed"])
async def test_a_deactivated_signed_out_or_changed_users_open_sockets_close_with_1008(
    address: str,
    credential: list[str],
    user: User,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    cut_off: str,
) -> None:
    monkeypatch.setattr(realtime_settings, "WS_RECHECK_INTERVAL", 0.05)

    async with joined(address, "lobby", credential) as ws:
        if cut_off == "deactivated":
            user.is_active = False
        elif cut_off == "signed_out":
            await sessions.end_all(session, user.id)
        else:  # the socket's token carries permissions that are no longer all theirs
            await assign_roles(session, user, [], actor_id=0, granter=frozenset(SCOPES))
        await session.commit()

        assert await close_code(ws) == 1008
{%- else %}


async def test_a_non_browser_client_may_send_the_key_header(address: str) -> None:
    headers = {"X-API-Key": TEST_API_KEY}
    async with connect(f"ws://{address}/ws/rooms/lobby", additional_headers=headers) as ws:
        assert (await next_frame(ws, "joined"))["sender"].startswith("key:")
{%- endif %}
{%- endif %}


async def test_a_malformed_frame_gets_an_error_frame_and_the_socket_stays_open(
    address: str, credential: list[str] | None
) -> None:
    async with joined(address, "lobby", credential) as ws:
        await ws.send(json.dumps({"type": "say", "text": ""}))
        invalid = await next_frame(ws, "error")
        await ws.send(b"\x00binary")
        binary = await next_frame(ws, "error")
        await ws.send(json.dumps({"type": "say", "text": "Still here"}))
        message = await next_frame(ws, "message")

    assert invalid["error_code"] == "validation_error"
    assert invalid["detail"][0]["loc"] == ["say", "text"]
    assert binary["detail"] == "Send JSON in text frames"
    assert message["text"] == "Still here"


async def test_repeated_malformed_frames_close_the_socket_with_1003(
    address: str, credential: list[str] | None
) -> None:
    async with joined(address, "lobby", credential) as ws:
        for _ in range(realtime_settings.WS_MAX_MALFORMED):
            await ws.send("not json")

        assert await close_code(ws) == 1003


async def test_an_oversized_frame_closes_the_socket_with_1009(
    address: str, credential: list[str] | None
) -> None:
    async with joined(address, "lobby", credential) as ws:
        await ws.send("x" * (realtime_settings.WS_MAX_MESSAGE_BYTES + 1))

        assert await close_code(ws) == 1009


async def test_a_socket_stays_open_while_its_caller_may_speak(
    address: str, credential: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(realtime_settings, "WS_RECHECK_INTERVAL", 0.05)

    async with joined(address, "lobby", credential) as ws:
        await asyncio.sleep(0.3)  # six checks
        await ws.send(json.dumps({"type": "say", "text": "Still here"}))

        assert (await next_frame(ws, "message"))["text"] == "Still here"


async def test_a_check_that_cannot_be_answered_keeps_the_socket(
    address: str, credential: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database down at a check: the socket stays until a check can answer."""

    async def unanswerable(caller: object) -> bool:
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr(realtime_settings, "WS_RECHECK_INTERVAL", 0.05)
    monkeypatch.setattr(hub, "still_allowed", unanswerable)

    async with joined(address, "lobby", credential) as ws:
        await asyncio.sleep(0.2)
        await ws.send(json.dumps({"type": "ping"}))

        assert await next_frame(ws, "pong") == {"type": "pong"}


async def test_a_ping_is_answered(address: str, credential: list[str] | None) -> None:
    async with joined(address, "lobby", credential) as ws:
        await ws.send(json.dumps({"type": "ping"}))

        assert await next_frame(ws, "pong") == {"type": "pong"}


async def test_a_silent_client_is_pinged_then_dropped(
    address: str, credential: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(realtime_settings, "WS_PING_INTERVAL", 0.1)
    monkeypatch.setattr(realtime_settings, "WS_IDLE_TIMEOUT", 0.3)

    async with joined(address, "lobby", credential) as ws:
        ping = json.loads(await asyncio.wait_for(ws.recv(), 1))

        assert ping == {"type": "ping"}
        assert await close_code(ws) == 1000


async def test_a_client_answering_pings_stays_connected(
    address: str, credential: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(realtime_settings, "WS_PING_INTERVAL", 0.1)
    monkeypatch.setattr(realtime_settings, "WS_IDLE_TIMEOUT", 0.3)

    async with joined(address, "lobby", credential) as ws:
        for _ in range(6):
            await next_frame(ws, "ping")
            await ws.send(json.dumps({"type": "pong"}))

        assert ws.close_code is None


async def test_a_slow_client_is_disconnected_without_holding_up_the_others(
    address: str, credential: list[str] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(realtime_settings, "WS_SEND_QUEUE_SIZE", 4)
    # Random, so per-message compression cannot shrink it: 64 KiB on the wire.
    frame = json.dumps({"type": "message", "text": secrets.token_hex(32 * 1024)})
    async with (
        joined(address, "busy", credential, max_queue=1) as slow,
        joined(address, "busy", credential) as fast,
    ):

        async def read_all() -> int:
            for _ in range(FRAMES):
                await fast.recv()
            return FRAMES

        reading = asyncio.create_task(read_all())
        for _ in range(FRAMES):
            hub.manager.deliver("busy", frame)
            await asyncio.sleep(0.002)

        assert await asyncio.wait_for(reading, 10) == FRAMES
        assert hub.manager.members("busy") == 1
        assert await close_code(slow) == 1008


async def test_leaving_removes_the_socket_from_its_room(
    address: str, credential: list[str] | None
) -> None:
    async with joined(address, "brief", credential):
        assert hub.manager.members("brief") == 1

    for _ in range(500):
        if "brief" not in hub.manager.rooms:
            break
        await asyncio.sleep(0.01)
    assert "brief" not in hub.manager.rooms


async def test_shutdown_closes_every_socket_with_1001(
    address: str, credential: list[str] | None
) -> None:
    async with (
        joined(address, "lobby", credential) as first,
        joined(address, "kitchen", credential) as second,
    ):
        await hub.stop()

        assert [await close_code(first), await close_code(second)] == [1001, 1001]
    assert not hub.manager.rooms


async def test_the_demo_page_runs_only_its_own_script(client: AsyncClient) -> None:
    page = await client.get("/ws-demo")
    script = await client.get("/ws-demo/demo.js")

    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert '<script src="/ws-demo/demo.js" defer></script>' in page.text
    assert script.headers["content-type"].startswith("text/javascript")


def test_the_idle_timeout_may_not_be_shorter_than_the_ping_interval() -> None:
    with pytest.raises(ValidationError, match="WS_IDLE_TIMEOUT"):
        RealtimeSettings(WS_PING_INTERVAL=30, WS_IDLE_TIMEOUT=10)
