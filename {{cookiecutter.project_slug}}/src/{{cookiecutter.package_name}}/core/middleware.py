"""Pure ASGI middleware: request context and access log, allowed hosts, security headers,
request body size limit.
"""

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
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        incoming = header(scope, REQUEST_ID_HEADER)
        request_id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
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
            logger.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status_code,
                duration_ms=round((time.perf_counter() - began) * 1000, 2),
            )


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
