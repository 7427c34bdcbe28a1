"""Signing in to the pages through the OpenID provider, and the pages that are gone when it
is the only way in; against a real provider on loopback (oidc-provider-mock).
"""

from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.pages.sign_in import SESSION_COOKIE
from {{ cookiecutter.package_name }}.sso.config import sso_settings
from {{ cookiecutter.package_name }}.sso.flow_cookie import FLOW_COOKIE
from {{ cookiecutter.package_name }}.users.models import User

from .utils.oidc import app_with_provider, authorize, browser_on, confirmed, provider

START = "/sign-in/sso"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with provider() as url:
        yield url


@pytest.fixture
async def browser(issuer: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AsyncClient]:
    monkeypatch.setattr(sso_settings, "OIDC_PROVIDER_NAME", "Example ID")
    async with browser_on(app_with_provider(issuer, monkeypatch)) as client:
        yield client


async def test_the_sign_in_page_offers_the_provider(browser: AsyncClient) -> None:
    page = await browser.get("/sign-in")

    assert f'href="{START}"' in page.text
    assert "Sign in with Example ID" in page.text
    assert 'name="password"' in page.text  # passwords still sign in beside it


async def test_without_a_provider_the_page_offers_none(client: AsyncClient) -> None:
    page = await client.get("/sign-in")

    assert START not in page.text
    assert (await client.get(START)).status_code == 404


async def test_signing_on_opens_a_session_and_shows_the_items(
    browser: AsyncClient, user: User
) -> None:
    callback = await authorize(browser, START, "user-3", confirmed(user.email))

    signed_in = await browser.get(callback)
    items = await browser.get(signed_in.headers["location"])

    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/items"
    assert SESSION_COOKIE in browser.cookies
    assert FLOW_COOKIE not in browser.cookies
    assert items.status_code == 200
    assert "No items yet." in items.text  # the signed-in user's own list


async def test_an_address_the_provider_does_not_confirm_is_told_on_the_sign_in_page(
    browser: AsyncClient, session: AsyncSession, user: User
) -> None:
    callback = await authorize(browser, START, "mallory-2", {"email": user.email})

    refused = await browser.get(callback)

    assert refused.status_code == 403
    assert "did not confirm an e-mail address" in refused.text
    assert SESSION_COOKIE not in browser.cookies


async def test_a_callback_from_another_browser_signs_nobody_in(
    browser: AsyncClient, issuer: str, monkeypatch: pytest.MonkeyPatch, user: User
) -> None:
    callback = await authorize(browser, START, "user-4", confirmed(user.email))
    async with browser_on(app_with_provider(issuer, monkeypatch)) as victim:
        refused = await victim.get(callback)

        assert refused.status_code == 401
        assert SESSION_COOKIE not in victim.cookies


@pytest.fixture
def only_the_provider(issuer: str, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    return app_with_provider(issuer, monkeypatch, OIDC_ONLY=True)


async def test_when_the_provider_is_the_only_way_in_no_password_page_is_served(
    only_the_provider: FastAPI,
) -> None:
    async with browser_on(only_the_provider) as browser:
        page = await browser.get("/sign-in")
        posted = await browser.post("/sign-in", data={"email": "a@example.com", "password": "x"})
        gone = {
            path: (await browser.get(path)).status_code
            for path in ("/sign-up", "/forgot-password", "/reset-password?token=x")
        }

    assert page.status_code == 200
    assert 'name="password"' not in page.text
    assert "Forgot your password?" not in page.text
    assert f'href="{START}"' in page.text
    assert posted.status_code == 405
    assert gone == dict.fromkeys(gone, 404)
