"""Pure ASGI middleware: request context and access log, allowed hosts, security headers,
request body size limit, conditional GETs.
"""

import hashlib
import re
import secrets
import time
from collections.abc import Mapping

import structlog
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_response

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


class RequestContextMiddleware:
    """Bind a request id to every log line, log each request once, and answer anything
    the handlers let through with a 500 in the error shape (the traceback goes to the log).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.socket(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = bind_request_id(scope)
        id_header = (REQUEST_ID_HEADER, request_id.encode())
        status_code = 500
        started = False
        began = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status_code, started
            if message["type"] == "http.response.start":
                status_code = message["status"]
                started = True
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled_error", response_started=started)
            if not started:
                response = error_response(500, "Internal server error")
                await response(scope, receive, send_with_id)
            # Otherwise the status and part of the body are already out. Returning without
            # the final body message makes the server close the connection, so the client
            # sees a broken response rather than a complete-looking truncated one.
        finally:
            # The caller's address; behind a proxy the server takes it from X-Forwarded-For,
            # but only from the addresses in FORWARDED_ALLOW_IPS.
            client = scope.get("client")
            logger.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                client=client[0] if client else None,
                status=status_code,
                duration_ms=round((time.perf_counter() - began) * 1000, 2),
            )

    async def socket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A WebSocket: the same request id (in the handshake's answer too), logged once
        when it closes, however long it was open.
        """
        id_header = (REQUEST_ID_HEADER, bind_request_id(scope).encode())
        began = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "websocket.accept":
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            client = scope.get("client")
            logger.info(
                "websocket",
                path=scope["path"],
                client=client[0] if client else None,
                duration_ms=round((time.perf_counter() - began) * 1000, 2),
            )


def bind_request_id(scope: Scope) -> str:
    """The caller's request id if it is plain enough to log, else a fresh one; bound to every
    log line from here on.
    """
    incoming = header(scope, REQUEST_ID_HEADER)
    request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id)
    return request_id


class AllowedHostsMiddleware:
    """Refuse requests whose Host header is not listed (`*.example.com` allows subdomains).

    Host names compare case-insensitively, with any port left out.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        hosts = [host.lower() for host in allowed_hosts]
        self.exact = {host for host in hosts if not host.startswith("*.")}
        self.suffixes = tuple(host[1:] for host in hosts if host.startswith("*."))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = host_name(header(scope, b"host"))
            if host not in self.exact and not (self.suffixes and host.endswith(self.suffixes)):
                response = error_response(400, "Invalid host header")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def host_name(host_header: str) -> str:
    """The host of a Host header, lowercased and without the port (`[::1]:8000` -> `[::1]`)."""
    host = host_header.lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.rsplit(":", 1)[0]


class SecurityHeadersMiddleware:
    """Add headers that stop sniffing, framing and referrer leaks (and HSTS when asked)."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if hsts:
            self.headers.append((b"strict-transport-security", b"max-age=63072000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Refuse request bodies over `max_bytes` with a 413 before they are read into memory.

    A declared Content-Length over the limit is answered at once; a chunked body is counted
    as it arrives and stops the request when it goes over. (FastAPI's own `max_body_size`
    answers from outside the middleware stack, in plain text and without the request id.)
    A path in `path_limits` (matched exactly) has that limit instead, for the endpoints that
    stream larger bodies and check them themselves.
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, path_limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_limits = dict(path_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        max_bytes = self.path_limits.get(scope["path"], self.max_bytes)
        detail = f"Request body larger than {max_bytes} bytes"
        declared = header(scope, b"content-length")
        if declared.isdigit() and int(declared) > max_bytes:
            response = error_response(413, detail)
            await response(scope, receive, send)
            return

        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > max_bytes:
                # FastAPI passes an HTTPException raised while it reads the body on to the
                # exception handlers, which answer in the error shape.
                raise HTTPException(413, detail)
            return message

        await self.app(scope, receive_within_limit, send)


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
