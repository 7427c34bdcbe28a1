"""The service's ASGI middleware: allowed hosts, security headers, body limits, request ids
(WebSockets too), failures mid-response, CORS around it all, and whose forwarded headers are
believed.
"""

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
import structlog
from httpx import ASGITransport, AsyncClient
from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse, StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.core import middleware
from {{ cookiecutter.package_name }}.core.errors import error_response
from {{ cookiecutter.package_name }}.core.middleware import ServiceMiddleware, host_name
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.settings import settings

from .utils.server import raw_request, response_head, send_until_closed, serving

LIMIT = 10


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("hello")(scope, receive, send)


async def fails_midway(scope: Scope, receive: Receive, send: Send) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"first part, "
        raise RuntimeError("lost the source")

    await StreamingResponse(chunks())(scope, receive, send)


def guarded(app: ASGIApp, allowed_hosts: list[str] | None = None, hsts: bool = False) -> ASGIApp:
    return ServiceMiddleware(app, max_body_bytes=LIMIT, allowed_hosts=allowed_hosts, hsts=hsts)


async def test_a_head_is_answered_as_its_get_without_the_body() -> None:
    """Uptime checkers send HEAD: a GET route answers it, headers and all, with no body."""
    async with AsyncClient(transport=ASGITransport(app=create_app()), base_url="http://t") as c:
        got, head = await c.get("/health/live"), await c.head("/health/live")
        not_routed = await c.head("/health/nothing-here")

    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["x-content-type-options"] == "nosniff"
    assert not_routed.status_code == 404


async def test_a_head_over_real_http_leaves_the_connection_ready_for_the_next_request() -> None:
    """No body goes out after the HEAD's headers: the GET behind it reads as sent."""
    async with serving(guarded(hello)) as address:
        host, port = address.split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(b"HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
        head_status, head_headers = await response_head(reader)
        get_status, get_headers = await response_head(reader)
        body = await reader.readexactly(int(get_headers["content-length"]))
        writer.close()

    assert (head_status, head_headers["content-length"]) == (200, "5")
    assert (get_status, body) == (200, b"hello")


async def test_allowed_hosts_refuses_unknown_host_with_error_shape() -> None:
    app = guarded(hello, allowed_hosts=["api.test", "*.example.com"])
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://evil.test") as client:
        refused = await client.get("/")
    async with AsyncClient(transport=transport, base_url="http://eu.example.com:8000") as client:
        allowed = await client.get("/")

    assert refused.status_code == 400
    assert refused.json()["error_code"] == "bad_request"
    assert refused.json()["request_id"] == refused.headers["x-request-id"]
    assert allowed.text == "hello"


async def test_a_websocket_to_an_unknown_host_is_closed_before_the_handshake() -> None:
    scope = {"type": "websocket", "path": "/ws", "headers": [(b"host", b"evil.test")]}
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await guarded(hello, allowed_hosts=["api.test"])(scope, receive, send)

    assert sent == [{"type": "websocket.close", "code": 1008}]


async def test_a_websocket_gets_the_request_id_in_its_handshake_answer_and_one_log_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    capturing = CapturingLogger()
    monkeypatch.setattr(middleware, "logger", structlog.wrap_logger(capturing, processors=[]))

    async def accept(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.accept"})

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/ws",
        "headers": [(b"host", b"api.test"), (b"x-request-id", b"socket-1")],
        "client": ("127.0.0.1", 50000),
    }
    await guarded(accept, allowed_hosts=["api.test"])(scope, receive, send)

    assert sent == [{"type": "websocket.accept", "headers": [(b"x-request-id", b"socket-1")]}]
    [call] = capturing.calls
    assert (call.method_name, call.kwargs["event"]) == ("info", "websocket")
    assert (call.kwargs["path"], call.kwargs["accepted"]) == ("/ws", True)


@pytest.mark.parametrize("host", ["API.Test", "api.test:443", "EU.Example.COM"])
async def test_allowed_hosts_ignore_case_and_port(host: str) -> None:
    app = guarded(hello, allowed_hosts=["api.test", "*.example.com"])
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://api.test") as client:
        response = await client.get("/", headers={"Host": host})

    assert response.text == "hello"


@pytest.mark.parametrize(
    ("header", "host"),
    [("[::1]:8000", "[::1]"), ("[::1]", "[::1]"), ("Example.com:80", "example.com")],
)
def test_host_name_drops_the_port(header: str, host: str) -> None:
    assert host_name(header) == host


async def test_a_request_with_two_host_headers_is_refused() -> None:
    """Whichever one were checked, the other could name the host URLs are built from. (h11
    refuses such a request itself; httptools, which uvicorn[standard] serves with, does not.)
    """
    async with serving(create_app(), http="httptools") as address:
        status, headers, body = await raw_request(
            address,
            f"GET {settings.API_V1_PREFIX}/items HTTP/1.1\r\n"
            "Host: evil.example\r\nHost: 127.0.0.1\r\n\r\n",
        )

    assert status == 400
    error = json.loads(body)
    assert error["error_code"] == "bad_request"
    assert error["request_id"] == headers["x-request-id"]
    assert "location" not in headers


async def test_hsts_is_added_when_asked() -> None:
    app = guarded(hello, hsts=True)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/")

    assert response.headers["strict-transport-security"].startswith("max-age=")


async def echo_length(scope: Scope, receive: Receive, send: Send) -> None:
    received = 0
    more_body = True
    while more_body:
        message = await receive()
        received += len(message.get("body", b""))
        more_body = message.get("more_body", False)
    await PlainTextResponse(str(received))(scope, receive, send)


def app_for_limits() -> ASGIApp:
    async def echo_or_refuse(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await echo_length(scope, receive, send)
        except HTTPException as exc:  # what FastAPI's exception handlers would answer
            await error_response(exc.status_code, str(exc.detail))(scope, receive, send)

    return ServiceMiddleware(echo_or_refuse, max_body_bytes=LIMIT, path_limits={"/bulk": 100})


async def chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size):
        yield b"x"


async def test_a_body_of_undeclared_length_is_stopped_over_the_limit() -> None:
    transport = ASGITransport(app=app_for_limits())
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        within = await client.post("/other", content=chunks(LIMIT))
        over = await client.post("/other", content=chunks(LIMIT + 1))

    assert within.text == str(LIMIT)
    assert over.status_code == 413
    assert over.json()["error_code"] == "content_too_large"


async def test_a_path_with_its_own_body_limit_uses_it_instead() -> None:
    app = app_for_limits()
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        within_own_limit = await client.post("/bulk", content=b"x" * 100)
        over_own_limit = await client.post("/bulk", content=b"x" * 101)
        elsewhere = await client.post("/other", content=b"x" * 11)

    assert within_own_limit.text == "100"
    assert over_own_limit.status_code == 413
    assert over_own_limit.json()["detail"] == "Request body larger than 100 bytes"
    assert elsewhere.status_code == 413


# A body far larger than the socket buffers between a client and the server hold, how much
# of it the client tries to send after the 413, and the most that may get through.
DECLARED = 10 * 1024**3
SENT = 1024**3
SENT_AT_MOST = 64 * 1024**2


def chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


@pytest.mark.parametrize("http", ["h11", "httptools"])
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_after_a_413_the_server_closes_the_connection_instead_of_reading_on(
    http: str, declared: bool
) -> None:
    """Otherwise it would read, and drop, all the rest of the body the client sends."""
    # A declared length is refused before any of the body is read; a chunked body once it is
    # over the limit (all it sends before the answer, so the answer is not lost in a reset).
    framing = f"Content-Length: {DECLARED}" if declared else "Transfer-Encoding: chunked"
    over_limit = b"" if declared else chunk(b"x" * (settings.MAX_REQUEST_BODY_BYTES + 1))
    piece = b"x" * 1024**2
    async with serving(create_app(), http=http) as address:
        host, port = address.split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        head = (
            f"POST {settings.API_V1_PREFIX}/items/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\n{framing}\r\n\r\n"
        )
        writer.write(head.encode() + over_limit)
        status, headers = await response_head(reader)
        sent = await send_until_closed(writer, piece if declared else chunk(piece), SENT)
        writer.close()

    assert (status, headers["connection"]) == (413, "close")
    assert sent < SENT_AT_MOST


async def test_failure_after_the_response_started_leaves_it_unfinished() -> None:
    """No second `http.response.start` (which breaks the ASGI protocol), and no final body
    message either: the server then drops the connection, so the client sees a broken
    response instead of a complete-looking truncated one.
    """
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}
    sent: list[Message] = []

    async def receive() -> Message:
        await asyncio.Event().wait()  # the client neither sends more nor goes away
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await guarded(fails_midway)(scope, receive, send)

    assert [message["type"] for message in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 200
    assert sent[1]["body"] == b"first part, "
    assert sent[1]["more_body"] is True


async def test_with_cors_origins_browsers_can_read_even_the_middlewares_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "CORS_ORIGINS", ["http://app.test"])
    app = create_app()
    origin = {"Origin": "http://app.test"}
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        preflight = await client.options(
            "/health/live", headers={**origin, "Access-Control-Request-Method": "GET"}
        )
        too_large = await client.post(
            f"{settings.API_V1_PREFIX}/items/",
            content=b"x" * (settings.MAX_REQUEST_BODY_BYTES + 1),
            headers=origin,
        )

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://app.test"
    assert too_large.status_code == 413
    assert too_large.headers["access-control-allow-origin"] == "http://app.test"
    assert too_large.headers["access-control-expose-headers"].lower() == "x-request-id"


async def test_without_cors_origins_no_cors_headers_are_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "CORS_ORIGINS", [])
    app = create_app()
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get("/health/live", headers={"Origin": "http://app.test"})

    assert "access-control-allow-origin" not in response.headers
    assert "vary" not in response.headers


@pytest.mark.parametrize(
    ("trusted", "client"),
    [
        ([], "127.0.0.1"),
        (["10.0.0.0/8"], "127.0.0.1"),
        (["127.0.0.1"], "203.0.113.7"),
        (["127.0.0.0/8"], "203.0.113.7"),
    ],
)
async def test_x_forwarded_for_is_believed_only_from_trusted_proxies(
    monkeypatch: pytest.MonkeyPatch, trusted: list[str], client: str
) -> None:
    capturing = CapturingLogger()
    monkeypatch.setattr(middleware, "logger", structlog.wrap_logger(capturing, processors=[]))
    monkeypatch.setattr(settings, "TRUSTED_PROXIES", trusted)
    transport = ASGITransport(app=create_app(), client=("127.0.0.1", 50000))
    async with AsyncClient(transport=transport, base_url="http://test") as http:
        await http.get("/health/live", headers={"X-Forwarded-For": "203.0.113.7"})

    [call] = [call for call in capturing.calls if call.kwargs["event"] == "request"]
    assert call.kwargs["client"] == client
