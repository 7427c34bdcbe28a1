from httpx import ASGITransport, AsyncClient
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from {{ cookiecutter.package_name }}.core.middleware import (
    AllowedHostsMiddleware,
    SecurityHeadersMiddleware,
)


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("hello")(scope, receive, send)


async def test_allowed_hosts_refuses_unknown_host_with_error_shape() -> None:
    app = AllowedHostsMiddleware(hello, allowed_hosts=["api.test", "*.example.com"])
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://evil.test") as client:
        refused = await client.get("/")
    async with AsyncClient(transport=transport, base_url="http://eu.example.com:8000") as client:
        allowed = await client.get("/")

    assert refused.status_code == 400
    assert refused.json()["error_code"] == "invalid_host"
    assert allowed.text == "hello"


async def test_hsts_is_added_when_asked() -> None:
    app = SecurityHeadersMiddleware(hello, hsts=True)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/")

    assert response.headers["strict-transport-security"].startswith("max-age=")
