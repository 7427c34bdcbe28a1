"""Two-factor sign-in: turned on with the password and a code from the app, then every
sign-in needs a code, each code works once, a recovery code stands in for a lost app once,
a wrong code counts like a wrong password, and only its owner (with a code) or an admin
turns it off.
"""

import time
from typing import NamedTuple

import pyotp
import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import PASSWORD, auth_headers, client_headers

API = core_settings.API_V1_PREFIX
TWO_FACTOR = f"{API}/users/me/two-factor"


def code(secret: str, steps_ahead: int = 0, at: float | None = None) -> str:
    """The app's code for now (or the moment `at`), or for a later step (the next one is
    accepted too).
    """
    return pyotp.TOTP(secret).at(int(time.time() if at is None else at), counter_offset=steps_ahead)


async def login(client: AsyncClient, email: str, one_time_code: str | None = None) -> int:
    form = {"username": email, "password": PASSWORD}
    if one_time_code is not None:
        form["one_time_code"] = one_time_code
    return (await client.post(f"{API}/auth/login", data=form)).status_code


class Enrolled(NamedTuple):
    secret: str
    recovery_codes: list[str]
    confirmed_at: float
    """The moment whose code confirmed the app: codes of steps after it are still unused."""


async def turn_on(client: AsyncClient, headers: dict[str, str] | None = None) -> Enrolled:
    """Turn two-factor sign-in on for the client's user (or the one `headers` sign in)."""
    started = await client.post(TWO_FACTOR, json={"current_password": PASSWORD}, headers=headers)
    assert started.status_code == 201, started.text
    secret: str = started.json()["secret"]
    now = time.time()
    confirmed = await client.post(
        f"{TWO_FACTOR}/confirm", json={"code": code(secret, at=now)}, headers=headers
    )
    assert confirmed.status_code == 200, confirmed.text
    return Enrolled(secret, confirmed.json()["recovery_codes"], now)


async def test_turning_it_on_needs_the_password_and_a_code_from_the_app(
    api_client: AsyncClient, user: User
) -> None:
    wrong_password = await api_client.post(TWO_FACTOR, json={"current_password": "wrong-one"})
    nothing_started = await api_client.post(f"{TWO_FACTOR}/confirm", json={"code": "123456"})
    started = await api_client.post(TWO_FACTOR, json={"current_password": PASSWORD})
    enrolment = started.json()
    # Until a code confirms the app, a sign-in needs none.
    before_confirming = await login(api_client, user.email)
    wrong_code = await api_client.post(
        f"{TWO_FACTOR}/confirm", json={"code": code(enrolment["secret"], steps_ahead=5)}
    )
    confirmed = await api_client.post(
        f"{TWO_FACTOR}/confirm", json={"code": code(enrolment["secret"])}
    )
    again = await api_client.post(TWO_FACTOR, json={"current_password": PASSWORD})
    status = await api_client.get(TWO_FACTOR)

    assert (wrong_password.status_code, nothing_started.status_code) == (403, 404)
    assert enrolment["uri"].startswith("otpauth://totp/")
    assert pyotp.parse_uri(enrolment["uri"]).secret == enrolment["secret"]
    assert before_confirming == 200
    assert wrong_code.status_code == 403
    assert confirmed.status_code == 200
    assert len(set(confirmed.json()["recovery_codes"])) == 10
    assert again.status_code == 409
    assert status.json() == {"enabled": True, "recovery_codes_left": 10}


async def test_a_sign_in_then_needs_a_code_and_each_code_works_once(
    api_client: AsyncClient, user: User
) -> None:
    secret, _, confirmed_at = await turn_on(api_client)
    api_client.headers.clear()

    without = await api_client.post(
        f"{API}/auth/login", data={"username": user.email, "password": PASSWORD}
    )
    wrong = await login(api_client, user.email, code(secret, steps_ahead=5))
    # Confirming took the code of its step; the app's next one is accepted too (clocks drift),
    # whether or not the clock has reached that step since.
    taken_already = await login(api_client, user.email, code(secret, at=confirmed_at))
    right = await login(api_client, user.email, code(secret, steps_ahead=1, at=confirmed_at))
    replayed = await login(api_client, user.email, code(secret, steps_ahead=1, at=confirmed_at))

    assert without.status_code == 401
    assert without.json()["detail"] == "This account signs in with a one-time code too"
    assert (wrong, taken_already, right, replayed) == (401, 401, 200, 401)


@pytest.mark.parametrize(
    "wrong", ["\u0661\u0662\u0663\u0664\u0665\u0666", "12345\uff16", "e" * 6, "0" * 32]
)
async def test_any_code_that_is_not_the_apps_answers_like_a_wrong_one(
    api_client: AsyncClient, user: User, wrong: str
) -> None:
    """Digits of other scripts, full-width digits, letters: a 403 or a 401, never an error."""
    started = await api_client.post(TWO_FACTOR, json={"current_password": PASSWORD})
    secret = started.json()["secret"]

    confirming = await api_client.post(f"{TWO_FACTOR}/confirm", json={"code": wrong})
    await api_client.post(f"{TWO_FACTOR}/confirm", json={"code": code(secret)})
    signing_in = await login(api_client, user.email, wrong)

    assert (confirming.status_code, signing_in) == (403, 401)


async def test_a_recovery_code_signs_in_once(api_client: AsyncClient, user: User) -> None:
    codes = (await turn_on(api_client)).recovery_codes

    first = await login(api_client, user.email, codes[0].upper().replace("-", " "))
    again = await login(api_client, user.email, codes[0])
    left = (await api_client.get(TWO_FACTOR)).json()["recovery_codes_left"]

    assert (first, again, left) == (200, 401, 9)


async def test_turning_it_on_ends_every_other_session(
    api_client: AsyncClient, session: AsyncSession, user: User
) -> None:
    elsewhere = await auth_headers(session, user)

    await turn_on(api_client)

    assert (await api_client.get(f"{API}/users/me", headers=elsewhere)).status_code == 401
    assert (await api_client.get(f"{API}/users/me")).status_code == 200


async def test_wrong_codes_lock_the_account_like_wrong_passwords(
    api_client: AsyncClient, user: User
) -> None:
    secret = (await turn_on(api_client)).secret
    wrong = code(secret, steps_ahead=5)

    tries = [
        await login(api_client, user.email, wrong)
        for _ in range(auth_settings.SIGN_IN_LOCKOUT_THRESHOLD)
    ]
    locked = await login(api_client, user.email, code(secret))

    assert set(tries) == {401}
    assert locked == 401


async def test_only_the_password_and_a_code_turn_it_off(
    api_client: AsyncClient, user: User
) -> None:
    secret, codes, _ = await turn_on(api_client)
    disable = f"{TWO_FACTOR}/disable"

    wrong_code = await api_client.post(
        disable, json={"current_password": PASSWORD, "code": code(secret, steps_ahead=5)}
    )
    wrong_password = await api_client.post(
        disable, json={"current_password": "wrong-one", "code": codes[0]}
    )
    turned_off = await api_client.post(
        disable, json={"current_password": PASSWORD, "code": codes[0]}
    )
    status = await api_client.get(TWO_FACTOR)

    assert (wrong_code.status_code, wrong_password.status_code) == (403, 403)
    assert turned_off.status_code == 204
    assert status.json() == {"enabled": False, "recovery_codes_left": 0}
    assert await login(api_client, user.email) == 200


async def test_an_admin_turns_off_another_users_but_not_their_own(
    admin_client: AsyncClient, session: AsyncSession, admin: User, user: User
) -> None:
    member = await auth_headers(session, user)
    await turn_on(admin_client, member)
    await turn_on(admin_client)

    by_member = await admin_client.delete(f"{API}/users/{admin.id}/two-factor", headers=member)
    own = await admin_client.delete(f"{API}/users/{admin.id}/two-factor")
    unknown = await admin_client.delete(f"{API}/users/999999/two-factor")
    reset = await admin_client.delete(f"{API}/users/{user.id}/two-factor")
    events = await admin_client.get(f"{API}/auth/events", params={"user_id": user.id})

    assert (by_member.status_code, own.status_code, unknown.status_code) == (403, 403, 404)
    assert reset.status_code == 204
    assert await login(admin_client, user.email) == 200
    assert await login(admin_client, admin.email) == 401
    kinds = [event["kind"] for event in events.json()["events"]]
    assert {"two_factor_enabled", "two_factor_reset"} <= set(kinds)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("POST", ""), ("POST", "/confirm"), ("POST", "/disable")],
)
async def test_a_machine_client_cannot_touch_its_owners_second_factor(
    client: AsyncClient, session: AsyncSession, user: User, method: str, path: str
) -> None:
    headers = await client_headers(client, session, user, ["items:read"])
    body = {"current_password": PASSWORD, "code": "123456"}

    response = await client.request(method, f"{TWO_FACTOR}{path}", headers=headers, json=body)

    assert response.status_code == 403
