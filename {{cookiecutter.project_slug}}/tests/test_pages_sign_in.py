"""Signing in to the pages: an HttpOnly session cookie for the pages alone, and forms that
carry a CSRF token.
"""

import re

import pytest
from httpx import AsyncClient
{%- if "jwt" in features %}
from sqlalchemy.ext.asyncio import AsyncSession
{%- endif %}

{% if "jwt" in features -%}
from {{ cookiecutter.package_name }}.auth.config import auth_settings
{% endif -%}
from {{ cookiecutter.package_name }}.pages.config import PagesSettings
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import PASSWORD, create_user
{%- else %}

from .conftest import TEST_API_KEY
{%- endif %}

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


async def csrf_token(client: AsyncClient) -> str:
    form = await client.get("/sign-in")
    match = CSRF_FIELD.search(form.text)
    assert match is not None
    return match.group(1)
{%- if "jwt" in features %}


@pytest.fixture
async def credentials(user: User) -> dict[str, str]:
    return {"email": user.email, "password": PASSWORD}


WRONG_CREDENTIALS = {"email": "user@example.com", "password": "not-the-password"}
{%- else %}


@pytest.fixture
async def credentials() -> dict[str, str]:
    return {"api_key": TEST_API_KEY}


WRONG_CREDENTIALS = {"api_key": "not-a-listed-key"}
{%- endif %}


async def test_items_page_sends_a_stranger_to_sign_in(client: AsyncClient) -> None:
    response = await client.get("/items")

    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"


async def test_a_session_cookie_the_pages_cannot_verify_sends_to_sign_in(
    client: AsyncClient,
) -> None:
    client.cookies.set("session", "forged")

    response = await client.get("/items")

    assert response.status_code == 303


async def test_sign_in_form_sets_a_strict_csrf_cookie(client: AsyncClient) -> None:
    response = await client.get("/sign-in")

    cookie = response.headers["set-cookie"]
    assert cookie.startswith("csrf_token=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_signing_in_sets_an_httponly_session_cookie_for_the_pages(
    client: AsyncClient, credentials: dict[str, str]
) -> None:
    token = await csrf_token(client)

    response = await client.post("/sign-in", data={**credentials, "csrf_token": token})
    items = await client.get("/items")

    assert response.status_code == 303
    assert response.headers["location"] == "/items"
    session = next(c for c in response.headers.get_list("set-cookie") if c.startswith("session="))
    assert "HttpOnly" in session
    assert "SameSite=lax" in session
    assert "Secure" not in session  # local; see the production test below
    assert client.cookies["csrf_token"] != token  # a fresh token once signed in
    assert items.status_code == 200
    assert "Sign out" in items.text


async def test_the_session_cookie_does_not_open_the_api(
    client: AsyncClient, credentials: dict[str, str]
) -> None:
    token = await csrf_token(client)
    await client.post("/sign-in", data={**credentials, "csrf_token": token})

    response = await client.get("/api/v1/items/")

    assert response.status_code == 401


async def test_sign_in_without_the_csrf_token_is_refused(
    client: AsyncClient, credentials: dict[str, str]
) -> None:
    await csrf_token(client)

    response = await client.post("/sign-in", data={**credentials, "csrf_token": "x" * 43})

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"
    assert "session" not in client.cookies


async def test_wrong_credentials_show_the_form_again(client: AsyncClient) -> None:
    token = await csrf_token(client)

    response = await client.post("/sign-in", data={**WRONG_CREDENTIALS, "csrf_token": token})

    assert response.status_code == 401
    assert 'role="alert"' in response.text
    assert "session" not in client.cookies


async def test_signing_out_ends_the_session(
    client: AsyncClient, credentials: dict[str, str]
) -> None:
    await client.post("/sign-in", data={**credentials, "csrf_token": await csrf_token(client)})

    signed_in = await client.get("/items")
    token = CSRF_FIELD.search(signed_in.text)
    assert token is not None
    response = await client.post("/sign-out", data={"csrf_token": token.group(1)})

    assert response.status_code == 303
    assert "session" not in client.cookies
    assert (await client.get("/items")).status_code == 303


@pytest.mark.parametrize(
    ("answers", "secure"),
    [
        ({"ENVIRONMENT": "production"}, True),
        ({"ENVIRONMENT": "local"}, False),
        ({"ENVIRONMENT": "staging", "PAGES_SECURE_COOKIES": True}, True),
    ],
)
def test_cookies_need_https_in_production(answers: dict[str, object], secure: bool) -> None:
    assert PagesSettings.model_validate(answers).pages_secure_cookies is secure
{%- if "jwt" in features %}


async def test_an_inactive_user_is_sent_back_to_sign_in(
    page_client: AsyncClient, user: User, session: AsyncSession
) -> None:
    user.is_active = False
    await session.merge(user)
    await session.commit()

    response = await page_client.get("/items")

    assert response.status_code == 303


async def test_the_form_and_the_api_share_the_account_lockout(
    client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_settings, "SIGN_IN_LOCKOUT_THRESHOLD", 3)
    wrong = {"email": user.email, "password": "not-the-password"}
    for _ in range(3):
        await client.post("/sign-in", data={**wrong, "csrf_token": await csrf_token(client)})

    right = {"username": user.email, "password": PASSWORD}
    api = await client.post("/api/v1/auth/login", data=right)
    form = await client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "csrf_token": await csrf_token(client)},
    )

    assert api.status_code == 401
    assert form.status_code == 401
    assert 'role="alert"' in form.text


async def test_a_session_cookie_kept_after_signing_out_is_refused(
    client: AsyncClient, credentials: dict[str, str]
) -> None:
    await client.post("/sign-in", data={**credentials, "csrf_token": await csrf_token(client)})
    kept = client.cookies["session"]
    page = CSRF_FIELD.search((await client.get("/items")).text)
    assert page is not None
    await client.post("/sign-out", data={"csrf_token": page.group(1)})

    client.cookies.set("session", kept)
    replayed = await client.get("/items")
    again = await client.post("/sign-out", data={"csrf_token": page.group(1)})

    assert replayed.status_code == 303  # to sign-in: the session ended with the sign-out
    assert again.status_code == 303


async def test_a_forged_session_cookie_signs_nothing_out(client: AsyncClient) -> None:
    client.cookies.set("session", "not-a-token")

    response = await client.post("/sign-out", data={"csrf_token": await csrf_token(client)})

    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_each_user_sees_only_their_own_items(
    page_client: AsyncClient, session: AsyncSession
) -> None:
    await page_client.post("/api/v1/items/", json={"title": "mine"})
    other = await create_user(session, "other@example.com")
    client = page_client
    client.cookies.clear()
    token = await csrf_token(client)
    await client.post(
        "/sign-in", data={"email": other.email, "password": PASSWORD, "csrf_token": token}
    )

    page = await client.get("/items")

    assert "mine" not in page.text
    assert "0 in all" in page.text
{%- endif %}
