"""A real OpenID provider for the tests (oidc-provider-mock, on loopback), the app as it
starts with that provider configured, and a browser that signs in through it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from oidc_provider_mock import run_server_in_thread
from pydantic import SecretStr

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.sso import service
from {{ cookiecutter.package_name }}.sso.config import sso_settings

CLIENT_ID = "test-client"


@contextmanager
def provider() -> Iterator[str]:
    """A provider on a free loopback port, by its issuer URL; it takes any client's id and
    secret, and signs in whoever the browser names.
    """
    with run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


def app_with_provider(issuer: str, monkeypatch: pytest.MonkeyPatch, **settings: object) -> FastAPI:
    """The app as it starts with the provider configured (and these settings of its own),
    reading the provider's configuration afresh.
    """
    monkeypatch.setattr(sso_settings, "OIDC_ISSUER_URL", issuer)
    monkeypatch.setattr(sso_settings, "OIDC_CLIENT_ID", CLIENT_ID)
    monkeypatch.setattr(sso_settings, "OIDC_CLIENT_SECRET", SecretStr("test-client-secret"))
    for name, value in settings.items():
        monkeypatch.setattr(sso_settings, name, value)
    service.forget_provider()
    return create_app()


def browser_on(app: FastAPI) -> AsyncClient:
    """A browser on the app: it keeps cookies."""
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://test")


async def authorize(browser: AsyncClient, start: str, sub: str, claims: dict[str, Any]) -> str:
    """Open `start` (a sign-in through the provider), sign in at the provider as `sub` with
    these claims, and give the callback URL the provider sends the browser back to.
    """
    issuer = urlsplit(sso_settings.OIDC_ISSUER_URL)._replace(path="").geturl()
    started = await browser.get(start)
    assert started.status_code == 303, started.text
    async with AsyncClient() as at_provider:
        stored = await at_provider.put(f"{issuer}/users/{quote(sub, safe='')}", json=claims)
        assert stored.status_code == 204
        consent = await at_provider.post(started.headers["location"], data={"sub": sub})
    assert consent.status_code == 302, consent.text
    return str(consent.headers["location"])


def confirmed(email: str) -> dict[str, Any]:
    """The claims of an account whose address the provider vouches for."""
    return {"email": email, "email_verified": True}
