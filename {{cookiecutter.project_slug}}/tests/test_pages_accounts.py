"""The account recovery pages: the sign-in page links to them, the forgot-password form sends
the reset e-mail, and its link opens a page that sets the new password.
"""

import re
from urllib.parse import urlsplit

from httpx import AsyncClient

from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.recovery import create_reset_token
from {{ cookiecutter.package_name }}.users.models import User

from .utils.mailbox import Mailbox, text_of
from .utils.users import PASSWORD

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
NEW_PASSWORD = "a-brand-new-password"


async def csrf_token(client: AsyncClient, page: str = "/sign-in") -> str:
    match = CSRF_FIELD.search((await client.get(page)).text)
    assert match is not None
    return match.group(1)


async def login(client: AsyncClient, email: str, password: str) -> int:
    form = {"username": email, "password": password}
    return (await client.post("/api/v1/auth/login", data=form)).status_code


async def test_sign_in_links_to_recovery_and_keeps_the_typed_email(
    client: AsyncClient, user: User
) -> None:
    form = {"email": user.email, "password": "not-the-password"}

    failed = await client.post("/sign-in", data={**form, "csrf_token": await csrf_token(client)})

    assert 'href="/forgot-password"' in failed.text
    assert 'action="/reset-password"' in (await client.get("/reset-password?token=t")).text
    assert f'value="{user.email}"' in failed.text
    assert "not-the-password" not in failed.text


async def test_the_forgotten_password_form_sends_a_link_to_the_reset_page(
    client: AsyncClient, user: User, mailbox: Mailbox
) -> None:
    form = {"email": user.email, "csrf_token": await csrf_token(client, "/forgot-password")}

    sent = await client.post("/forgot-password", data=form)

    assert sent.status_code == 200
    assert 'role="status"' in sent.text
    (message,) = await mailbox.wait_for(1)
    link = re.search(r"(\S+\?token=[\w.-]+)", text_of(message))
    assert link is not None
    assert link.group(1).startswith(auth_settings.PASSWORD_RESET_URL)
    page = await client.get(urlsplit(link.group(1))._replace(scheme="", netloc="").geturl())
    assert page.status_code == 200
    assert 'name="new_password"' in page.text


async def test_an_unknown_address_gets_the_same_page(
    client: AsyncClient, user: User, mailbox: Mailbox
) -> None:
    token = await csrf_token(client, "/forgot-password")

    unknown = await client.post(
        "/forgot-password", data={"email": "nobody@example.com", "csrf_token": token}
    )
    known = await client.post("/forgot-password", data={"email": user.email, "csrf_token": token})

    assert unknown.status_code == known.status_code == 200
    assert unknown.text.replace("nobody@example.com", user.email) == known.text
    (message,) = await mailbox.wait_for(1)  # sent in order: only the known address got one
    assert message["To"] == user.email


async def test_the_reset_page_sets_the_password_once(client: AsyncClient, user: User) -> None:
    reset_token = create_reset_token(user)
    page = await client.get("/reset-password", params={"token": reset_token})
    form = {
        "token": reset_token,
        "new_password": NEW_PASSWORD,
        "csrf_token": CSRF_FIELD.search(page.text).group(1),  # type: ignore[union-attr]
    }

    done = await client.post("/reset-password", data=form)
    again = await client.post("/reset-password", data={**form, "new_password": "x" * 12})

    assert done.status_code == 200
    assert 'href="/sign-in"' in done.text
    assert await login(client, user.email, NEW_PASSWORD) == 200
    assert await login(client, user.email, PASSWORD) == 401
    assert again.status_code == 403
    assert 'href="/forgot-password"' in again.text


async def test_a_short_password_is_asked_again(client: AsyncClient, user: User) -> None:
    reset_token = create_reset_token(user)
    form = {
        "token": reset_token,
        "new_password": "short",
        "csrf_token": await csrf_token(client, "/forgot-password"),
    }

    response = await client.post("/reset-password", data=form)

    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert reset_token in response.text  # the form keeps the link's token
    assert await login(client, user.email, PASSWORD) == 200


async def test_the_reset_page_without_a_token_offers_a_new_link(client: AsyncClient) -> None:
    page = await client.get("/reset-password")

    assert page.status_code == 200
    assert 'name="new_password"' not in page.text
    assert 'href="/forgot-password"' in page.text


async def test_recovery_forms_without_the_csrf_token_are_refused(
    client: AsyncClient, user: User
) -> None:
    forgot = await client.post("/forgot-password", data={"email": user.email})
    reset = await client.post(
        "/reset-password",
        data={"token": create_reset_token(user), "new_password": NEW_PASSWORD},
    )

    assert forgot.status_code == reset.status_code == 403
    assert await login(client, user.email, PASSWORD) == 200
