"""The account pages: the forgot-password form sends the reset e-mail, whose link opens a
page that sets the new password; while registration is open the sign-up form makes an
account and e-mails the link to the page that verifies its address, and only its button does.
"""

import re
import time

import pyotp
import pytest
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.recovery import create_reset_token
from {{ cookiecutter.package_name }}.auth.verification import create_verification_token
from {{ cookiecutter.package_name }}.two_factor import service as two_factor
from {{ cookiecutter.package_name }}.users.models import User
from {{ cookiecutter.package_name }}.users.service import get_user_by_email

from .utils.mailbox import Mailbox, link_in, text_of
from .utils.users import PASSWORD, create_user, login_status

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
NEW_PASSWORD = "a-brand-new-password"
NEW_ACCOUNT = {"email": "new@example.com", "full_name": "Ada Lovelace", "password": PASSWORD}


async def csrf_token(client: AsyncClient, page: str = "/sign-in") -> str:
    match = CSRF_FIELD.search((await client.get(page)).text)
    assert match is not None
    return match.group(1)


def hidden(page: Response, name: str) -> str:
    """The value of the page's field of that name."""
    match = re.search(f'name="{name}" value="([^"]+)"', page.text)
    assert match is not None
    return match.group(1)


def text_in(page: Response, tag: str) -> str:
    """The text of the page's first element of that tag."""
    match = re.search(f"<{tag}>([^<]+)</{tag}>", page.text)
    assert match is not None
    return match.group(1)


@pytest.fixture
def registration_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth_settings, "REGISTRATION_OPEN", True)


async def test_sign_in_links_to_recovery_and_keeps_the_typed_email(
    client: AsyncClient, user: User
) -> None:
    form = {"email": user.email, "password": "not-the-password"}

    failed = await client.post("/sign-in", data={**form, "csrf_token": await csrf_token(client)})

    assert 'href="/forgot-password"' in failed.text
    assert 'action="/reset-password"' in (await client.get("/reset-password?token=t")).text
    assert f'value="{user.email}"' in failed.text
    assert "not-the-password" not in failed.text


async def test_an_account_with_two_factor_sign_in_signs_in_with_a_code_too(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    secret = (await two_factor.start(session, user, PASSWORD)).secret
    await two_factor.confirm(session, user.id, pyotp.TOTP(secret).now(), session_id=None)
    await session.commit()
    form = {"email": user.email, "password": PASSWORD, "csrf_token": await csrf_token(client)}
    next_code = pyotp.TOTP(secret).at(int(time.time()), counter_offset=1)

    without = await client.post("/sign-in", data=form)
    wrong = await client.post("/sign-in", data={**form, "one_time_code": "000000"})
    right = await client.post("/sign-in", data={**form, "one_time_code": next_code})

    assert without.status_code == 401
    assert "signs in with a one-time code too" in without.text
    assert f'value="{user.email}"' in without.text
    assert wrong.status_code == 401
    assert "000000" not in wrong.text
    assert right.status_code == 303


async def test_the_two_factor_page_turns_it_on_with_a_code_from_the_app_and_off_again(
    page_client: AsyncClient,
) -> None:
    token = await csrf_token(page_client, "/two-factor")
    page_client.headers.clear()  # the pages read the cookie alone
    password = {"csrf_token": token, "current_password": PASSWORD}

    forged = await page_client.post("/two-factor", data={"current_password": PASSWORD})
    wrong_password = await page_client.post(
        "/two-factor", data={**password, "current_password": "no"}
    )
    setup = await page_client.post("/two-factor", data=password)
    secret = text_in(setup, "code")
    wrong_code = await page_client.post(
        "/two-factor/confirm", data={"csrf_token": token, "code": "000000"}
    )
    confirmed = await page_client.post(
        "/two-factor/confirm", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()}
    )
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", confirmed.text)
    status = await page_client.get("/two-factor")
    turned_off = await page_client.post("/two-factor/disable", data={**password, "code": codes[0]})

    assert (forged.status_code, wrong_password.status_code) == (403, 403)
    assert "<svg" in setup.text
    assert (wrong_code.status_code, text_in(wrong_code, "code")) == (403, secret)
    assert confirmed.status_code == 200
    assert len(set(codes)) == 10
    assert "10 recovery codes are left" in status.text
    assert "Two-factor sign-in is off" in turned_off.text


async def test_the_two_factor_page_is_for_signed_in_users(client: AsyncClient) -> None:
    signed_out = await client.get("/two-factor")

    assert (signed_out.status_code, signed_out.headers["location"]) == (303, "/sign-in")


async def test_the_forgotten_password_form_sends_a_link_to_the_reset_page(
    client: AsyncClient, user: User, mailbox: Mailbox
) -> None:
    form = {"email": user.email, "csrf_token": await csrf_token(client, "/forgot-password")}

    sent = await client.post("/forgot-password", data=form)

    assert sent.status_code == 200
    assert 'role="status"' in sent.text
    (message,) = await mailbox.wait_for(1)
    assert auth_settings.PASSWORD_RESET_URL in text_of(message)
    page = await client.get(link_in(message))
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
    assert await login_status(client, user.email, NEW_PASSWORD) == 200
    assert await login_status(client, user.email, PASSWORD) == 401
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
    assert await login_status(client, user.email, PASSWORD) == 200


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
    assert await login_status(client, user.email, PASSWORD) == 200


async def test_sign_up_is_closed_by_default(client: AsyncClient, session: AsyncSession) -> None:
    form = {**NEW_ACCOUNT, "csrf_token": await csrf_token(client)}

    page = await client.get("/sign-up")
    submitted = await client.post("/sign-up", data=form)

    assert page.status_code == submitted.status_code == 403
    assert "Sign-up is closed" in page.text
    assert 'name="password"' not in page.text
    assert await get_user_by_email(session, NEW_ACCOUNT["email"]) is None
    assert 'href="/sign-up"' not in (await client.get("/sign-in")).text


@pytest.mark.usefixtures("registration_open")
async def test_sign_up_makes_an_unverified_account_and_mails_its_link(
    client: AsyncClient, session: AsyncSession, mailbox: Mailbox
) -> None:
    sign_in_page = await client.get("/sign-in")
    form = {**NEW_ACCOUNT, "csrf_token": await csrf_token(client, "/sign-up")}

    made = await client.post("/sign-up", data=form)

    assert 'href="/sign-up"' in sign_in_page.text
    assert "Create an account" in sign_in_page.text
    assert made.status_code == 200
    assert 'role="status"' in made.text
    assert NEW_ACCOUNT["email"] in made.text
    user = await get_user_by_email(session, NEW_ACCOUNT["email"])
    assert user is not None
    assert user.full_name == NEW_ACCOUNT["full_name"]
    assert user.email_verified_at is None
    (welcome,) = await mailbox.wait_for(1)
    assert welcome["To"] == NEW_ACCOUNT["email"]
    assert auth_settings.EMAIL_VERIFICATION_URL in text_of(welcome)


@pytest.mark.usefixtures("registration_open")
async def test_the_link_verifies_the_address_only_when_its_button_is_pressed(
    client: AsyncClient, mailbox: Mailbox
) -> None:
    await client.post("/sign-up", data={**NEW_ACCOUNT, "csrf_token": await csrf_token(client)})
    (welcome,) = await mailbox.wait_for(1)

    opened = await client.get(link_in(welcome))
    before = await login_status(client, NEW_ACCOUNT["email"], PASSWORD)
    csrf = hidden(opened, "csrf_token")
    form = {"token": hidden(opened, "token"), "csrf_token": csrf}
    verified = await client.post("/verify-email", data=form)
    credentials = {"email": NEW_ACCOUNT["email"], "password": PASSWORD, "csrf_token": csrf}
    signed_in = await client.post("/sign-in", data=credentials)

    assert opened.status_code == 200
    assert before == 403
    assert verified.status_code == 200
    assert "Your address is verified" in verified.text
    assert 'href="/sign-in"' in verified.text
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/items"


async def test_an_unverified_sign_in_is_told_to_confirm_the_address(
    client: AsyncClient, session: AsyncSession
) -> None:
    unverified = await create_user(session, "unverified@example.com", verified=False)
    form = {"email": unverified.email, "password": PASSWORD}

    refused = await client.post("/sign-in", data={**form, "csrf_token": await csrf_token(client)})

    assert refused.status_code == 403
    assert "Confirm your e-mail address" in refused.text
    assert 'href="/verify-email"' in refused.text
    assert f'value="{unverified.email}"' in refused.text
    assert PASSWORD not in refused.text
    assert "session" not in refused.cookies


async def test_an_invalid_link_offers_a_new_one_sent_only_to_an_unverified_account(
    client: AsyncClient, session: AsyncSession, mailbox: Mailbox
) -> None:
    unverified = await create_user(session, "unverified@example.com", verified=False)
    token = await csrf_token(client, "/verify-email")

    refused = await client.post("/verify-email", data={"token": "forged", "csrf_token": token})
    unknown = await client.post(
        "/verify-email/resend", data={"email": "nobody@example.com", "csrf_token": token}
    )
    known = await client.post(
        "/verify-email/resend", data={"email": unverified.email, "csrf_token": token}
    )

    assert refused.status_code == 403
    assert 'action="/verify-email/resend"' in refused.text
    assert unknown.status_code == known.status_code == 200
    assert unknown.text.replace("nobody@example.com", unverified.email) == known.text
    (message,) = await mailbox.wait_for(1)  # sent in order: only the known address got one
    assert message["To"] == unverified.email
    assert (await client.get(link_in(message))).status_code == 200


async def test_the_verify_page_without_a_token_asks_for_a_new_link(client: AsyncClient) -> None:
    page = await client.get("/verify-email")

    assert page.status_code == 200
    assert 'name="token"' not in page.text
    assert 'action="/verify-email/resend"' in page.text


async def test_an_address_another_account_took_meanwhile_is_refused(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    moving = create_verification_token(user, "moved@example.com")
    await create_user(session, "moved@example.com")
    form = {"token": moving, "csrf_token": await csrf_token(client, "/verify-email")}

    refused = await client.post("/verify-email", data=form)

    assert refused.status_code == 409
    assert "Another account has this address" in refused.text
    assert await login_status(client, user.email, PASSWORD) == 200


@pytest.mark.usefixtures("registration_open")
async def test_a_taken_address_is_told_on_the_sign_up_page(client: AsyncClient, user: User) -> None:
    form = {**NEW_ACCOUNT, "email": user.email, "csrf_token": await csrf_token(client)}

    taken = await client.post("/sign-up", data=form)

    assert taken.status_code == 409
    assert "An account already has this address" in taken.text
    assert 'href="/forgot-password"' in taken.text
    assert f'value="{user.email}"' in taken.text
    assert PASSWORD not in taken.text


@pytest.mark.usefixtures("registration_open")
async def test_a_bad_address_or_short_password_is_asked_again(
    client: AsyncClient, session: AsyncSession
) -> None:
    form = {"email": "not-an-address", "full_name": "Ada", "password": "tiny-pw"}

    asked = await client.post("/sign-up", data={**form, "csrf_token": await csrf_token(client)})

    assert asked.status_code == 422
    assert asked.text.count('role="alert"') == 2
    assert 'value="not-an-address"' in asked.text
    assert 'value="Ada"' in asked.text
    assert "tiny-pw" not in asked.text
    assert await get_user_by_email(session, "not-an-address") is None


@pytest.mark.usefixtures("registration_open")
async def test_sign_up_and_verification_forms_without_the_csrf_token_are_refused(
    client: AsyncClient, session: AsyncSession
) -> None:
    unverified = await create_user(session, "unverified@example.com", verified=False)

    sign_up = await client.post("/sign-up", data=NEW_ACCOUNT)
    verify = await client.post(
        "/verify-email", data={"token": create_verification_token(unverified, unverified.email)}
    )
    resend = await client.post("/verify-email/resend", data={"email": unverified.email})

    assert sign_up.status_code == verify.status_code == resend.status_code == 403
    assert await get_user_by_email(session, NEW_ACCOUNT["email"]) is None
    assert await login_status(client, unverified.email, PASSWORD) == 403
