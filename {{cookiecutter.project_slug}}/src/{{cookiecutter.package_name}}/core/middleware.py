"""Pure ASGI middleware: the service's own (request id, allowed hosts, body size limit,
security headers, access log, last-resort 500) in one pass, and conditional GETs.
"""

import hashlib
import re
import secrets
import time
from collections.abc import Mapping

import structlog
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import CLOSE_CONNECTION, error_response

logger = structlog.get_logger("request")

REQUEST_ID_HEADER = b"x-request-id"
# Accept a caller's id only if it is short and plain, so it cannot forge log lines.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")


def header(scope: Scope, name: bytes) -> str:
    """The first value of a request header (name in lowercase), or an empty string."""
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return ""


class ServiceMiddleware:
    """Everything the service does around each request, in one pass over its headers:

    - a request id (the caller's `X-Request-ID` if short and plain, else a new one) bound to
      every log line and returned in the response;
    - a 400 for a request with more than one Host header (RFC 9112 asks for it: the server
      would check one and build URLs from the other), and with `allowed_hosts` for a Host
      not listed (`*.example.com` allows subdomains; names compare case-insensitively,
      without the port);
    - request bodies over `max_body_bytes` refused with a 413 before they are read, and the
      connection closed after it rather than the rest of the body read and thrown away (a
      path in `path_limits`, matched exactly, has its own limit, for endpoints that stream
      larger bodies and check them themselves);
    - a HEAD answered as the GET of the same path would be, without its body (uptime
      checkers send HEAD; FastAPI routes a GET route's HEAD nowhere);
    - headers that stop sniffing, framing and referrer leaks (and HSTS when asked);
    - one access log line per request, with its status and duration (for a WebSocket, when
      it closes, and its request id in the handshake's answer);
    - anything the handlers let through answered with a 500 in the error shape (the
      traceback goes to the log).

    One middleware rather than a stack of them: each layer of a stack costs a call and a
    wrapped `send` per request, and each would scan the headers again.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        path_limits: Mapping[str, int] | None = None,
        allowed_hosts: list[str] | None = None,
        hsts: bool = False,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path_limits = dict(path_limits or {})
        self.allowed_hosts = None if allowed_hosts is None else AllowedHosts(allowed_hosts)
        self.security_headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if hsts:
            self.security_headers.append((b"strict-transport-security", b"max-age=63072000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming_id, host, hosts, content_length = read_headers(scope)
        request_id = bind_request_id(incoming_id)
        host_allowed = hosts <= 1 and (self.allowed_hosts is None or self.allowed_hosts.allow(host))
        if scope["type"] == "websocket":
            await self.socket(scope, receive, send, request_id, host_allowed)
            return

        began = time.perf_counter()
        method = scope["method"]
        extra = [*self.security_headers, (REQUEST_ID_HEADER, request_id.encode())]
        response = ResponseHeaders(send, extra, head=method == "HEAD")
        if response.head:
            scope = {**scope, "method": "GET"}
        try:
            refusal, receive = self.admit(scope, receive, host_allowed, content_length)
            await (refusal or self.app)(scope, receive, response.send)
        except Exception:
            logger.exception("unhandled_error", response_started=response.started)
            if not response.started:
                await error_response(500, "Internal server error")(scope, receive, response.send)
            # Otherwise the status and part of the body are already out. Returning without
            # the final body message makes the server close the connection, so the client
            # sees a broken response rather than a complete-looking truncated one.
        finally:
            logger.info(
                "request",
                method=method,
                path=scope["path"],
                client=client_address(scope),
                status=response.status,
                duration_ms=milliseconds_since(began),
            )

    def admit(
        self, scope: Scope, receive: Receive, host_allowed: bool, content_length: str
    ) -> tuple[ASGIApp | None, Receive]:
        """What answers an HTTP request instead of the app, if anything (a 400 for its Host, a
        413 for the body it declares), and the `receive` the answer reads the body with.
        """
        if not host_allowed:
            return error_response(400, "Invalid host header"), receive
        max_bytes = self.path_limits.get(scope["path"], self.max_body_bytes)
        if not content_length.isdigit():
            return None, limit_body(receive, max_bytes)
        # The server delivers no more than a declared length, so only it is checked.
        if int(content_length) > max_bytes:
            detail = f"Request body larger than {max_bytes} bytes"
            return error_response(413, detail, CLOSE_CONNECTION), receive
        return None, receive

    async def socket(
        self, scope: Scope, receive: Receive, send: Send, request_id: str, host_allowed: bool
    ) -> None:
        """A WebSocket: the request id in the handshake's answer too, and one log line when
        it closes, however long it was open. From a host not allowed, closed before the
        handshake is accepted (which answers it with a 403).
        """
        began = time.perf_counter()
        accepted = False
        id_header = (REQUEST_ID_HEADER, request_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal accepted
            if message["type"] == "websocket.accept":
                accepted = True
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        try:
            if host_allowed:
                await self.app(scope, receive, send_with_id)
            else:
                await send({"type": "websocket.close", "code": 1008})
        finally:
            logger.info(
                "websocket",
                path=scope["path"],
                client=client_address(scope),
                accepted=accepted,
                duration_ms=milliseconds_since(began),
            )


def read_headers(scope: Scope) -> tuple[str, str, int, str]:
    """What the service reads from a request's headers, in one pass: the caller's request id,
    the Host, how many Host headers there are, and the declared Content-Length.
    """
    incoming_id = host = content_length = ""
    hosts = 0
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for name, value in headers:
        if name == REQUEST_ID_HEADER:
            incoming_id = value.decode("latin-1")
        elif name == b"host":
            host = value.decode("latin-1")
            hosts += 1
        elif name == b"content-length":
            content_length = value.decode("latin-1")
    return incoming_id, host, hosts, content_length


def bind_request_id(incoming_id: str) -> str:
    """The request's id, bound to every log line from here on: the caller's if short and
    plain, else a new one.
    """
    request_id = incoming_id if VALID_REQUEST_ID.fullmatch(incoming_id) else secrets.token_hex(16)
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id)
    return request_id


class ResponseHeaders:
    """`send` with the service's headers added to the response's start, which it remembers:
    whether it went out, and its status (500 until then, as the log reports a request that
    failed before it). The answer to a HEAD goes out without its body, its headers (the
    GET's length among them) as they are.
    """

    __slots__ = ("extra", "head", "next_send", "started", "status")

    def __init__(self, send: Send, extra: list[tuple[bytes, bytes]], *, head: bool = False) -> None:
        self.next_send = send
        self.extra = extra
        self.head = head
        self.started = False
        self.status = 500

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.started = True
            message["headers"] = [*message.get("headers", ()), *self.extra]
        elif self.head and message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await self.next_send(message)


def client_address(scope: Scope) -> str | None:
    """The caller's address; behind a proxy listed in TRUSTED_PROXIES, the one its
    X-Forwarded-For names.
    """
    client = scope.get("client")
    return client[0] if client else None


def milliseconds_since(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 2)


def limit_body(receive: Receive, max_bytes: int) -> Receive:
    """`receive` for a body of undeclared length (chunked), stopped once it is over the limit."""
    received = 0

    async def receive_within_limit() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > max_bytes:
            # FastAPI passes an HTTPException raised while it reads the body on to the
            # exception handlers, which answer in the error shape.
            detail = f"Request body larger than {max_bytes} bytes"
            raise HTTPException(413, detail, headers=CLOSE_CONNECTION)
        return message

    return receive_within_limit


class AllowedHosts:
    """The Host names a request may carry: exact names, and `*.example.com` for subdomains."""

    def __init__(self, hosts: list[str]) -> None:
        names = [host.lower() for host in hosts]
        self.exact = {name for name in names if not name.startswith("*.")}
        self.suffixes = tuple(name[1:] for name in names if name.startswith("*."))

    def allow(self, host_header: str) -> bool:
        host = host_name(host_header)
        return host in self.exact or bool(self.suffixes and host.endswith(self.suffixes))


def host_name(host_header: str) -> str:
    """The host of a Host header, lowercased and without the port (`[::1]:8000` -> `[::1]`)."""
    host = host_header.lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rsplit(":", 1)[0]


# Headers that make a response one caller's own, not something a shared cache may keep.
CREDENTIAL_HEADERS = frozenset({b"authorization", b"x-api-key", b"cookie"})


def entity_tags(if_none_match: str) -> set[str]:
    """The entity tags an If-None-Match header lists, weak ones compared as strong (RFC 9110)."""
    return {tag.strip().removeprefix("W/") for tag in if_none_match.split(",") if tag.strip()}


class ConditionalGetMiddleware:
    """Give successful GET answers under `prefix` an ETag (a digest of the body) and a
    Cache-Control header, unless the endpoint set its own ETag, and answer 304 with no body
    when the client's If-None-Match already names that ETag. Answers to requests that carry
    credentials are private, so no shared cache keeps one caller's data for another.
    """

    def __init__(self, app: ASGIApp, prefix: str, max_age: int) -> None:
        self.app = app
        self.prefix = prefix
        freshness = f"max-age={max_age}" if max_age else "no-cache"
        self.public = f"public, {freshness}".encode()
        self.private = f"private, {freshness}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        headers: list[tuple[bytes, bytes]] = scope["headers"]
        private = any(name in CREDENTIAL_HEADERS for name, _ in headers)
        cache_control = self.private if private else self.public
        held: Message | None = None

        async def send_with_etag(message: Message) -> None:
            nonlocal held
            if (
                message["type"] == "http.response.start"
                and message["status"] == 200
                and not any(name == b"etag" for name, _ in message.get("headers", ()))
            ):
                held = message  # sent with the body, once the body's digest is known
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            start, held = held, None
            if message.get("more_body", False):  # a stream: no digest before it ends
                await send(start)
                await send(message)
                return
            digest = hashlib.blake2b(message.get("body", b""), digest_size=16).hexdigest()
            etag = f'"{digest}"'
            response_headers = [
                *start.get("headers", ()),
                (b"etag", etag.encode()),
                (b"cache-control", cache_control),
            ]
            wanted = entity_tags(header(scope, b"if-none-match"))
            if etag in wanted or "*" in wanted:
                unchanged = [
                    (name, value)
                    for name, value in response_headers
                    if name not in (b"content-length", b"content-type")
                ]
                await send({"type": "http.response.start", "status": 304, "headers": unchanged})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": response_headers})
            await send(message)

        await self.app(scope, receive, send_with_etag)
