"""Sign-in sessions: each sign-in starts one, refreshing rotates its token, a reused refresh
token ends it, and ending one (logging out, signing out everywhere, a password change or
reset, deactivation) stops its tokens on their next use.
"""

import asyncio
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.recovery import create_reset_token
from {{ cookiecutter.package_name }}.auth.security import ALGORITHM
from {{ cookiecutter.package_name }}.sessions.models import SignInSession
from {{ cookiecutter.package_name }}.settings import settings
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import PASSWORD, auth_headers, client_headers, create_user

API = "/api/v1"
ME = f"{API}/users/me"


async def login(client: AsyncClient, email: str, agent: str = "tests") -> dict[str, str]:
    response = await client.post(
        f"{API}/auth/login",
        data={"username": email, "password": PASSWORD},
        headers={"User-Agent": agent},
    )
    assert response.status_code == 200, response.text
    tokens: dict[str, str] = response.json()
    return tokens


def bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def refresh(client: AsyncClient, tokens: dict[str, str]) -> int:
    response = await client.post(
        f"{API}/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    if response.status_code == 200:
        tokens.update(response.json())
    return response.status_code


async def signed_in(client: AsyncClient, tokens: dict[str, str]) -> bool:
    """Whether the access token still works, on an endpoint and on an item read."""
    me = (await client.get(ME, headers=bearer(tokens))).status_code
    items = (await client.get(f"{API}/items/", headers=bearer(tokens))).status_code
    assert me == items, (me, items)
    return me == 200


async def test_each_sign_in_is_a_session_the_user_can_see(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    await login(client, user.email, agent="Phone")
    tokens = await login(client, user.email, agent="Laptop")

    response = await client.get(f"{ME}/sessions", headers=bearer(tokens))

    assert response.status_code == 200
    listed = response.json()
    assert [(s["client"], s["current"]) for s in listed] == [("Laptop", True), ("Phone", False)]
    assert {"id", "address", "created_at", "last_used_at", "expires_at"} <= listed[0].keys()
    stored = await session.scalars(select(SignInSession.refresh_digest))
    assert tokens["refresh_token"] not in set(stored)  # only its nonce's digest is kept


async def test_refreshing_rotates_the_refresh_token(client: AsyncClient, user: User) -> None:
    tokens = await login(client, user.email)
    first = dict(tokens)

    assert await refresh(client, tokens) == 200

    assert tokens["refresh_token"] != first["refresh_token"]
    assert await signed_in(client, tokens)
    assert await refresh(client, tokens) == 200


async def test_a_reused_refresh_token_ends_its_session(client: AsyncClient, user: User) -> None:
    tokens = await login(client, user.email)
    stolen = dict(tokens)
    assert await refresh(client, tokens) == 200

    response = await client.post(
        f"{API}/auth/refresh", json={"refresh_token": stolen["refresh_token"]}
    )

    assert response.status_code == 401
    assert response.json()["error_code"] == "not_authenticated"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    # The holder of the newer tokens is signed out too: either may be the thief.
    assert await refresh(client, tokens) == 401
    assert not await signed_in(client, tokens)


async def test_of_two_refreshes_with_one_token_only_one_wins(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    tokens = await login(client, user.email)

    results = await asyncio.gather(refresh(client, dict(tokens)), refresh(client, dict(tokens)))

    assert sorted(results) == [200, 401]
    assert await session.scalar(select(func.count()).select_from(SignInSession)) == 0


async def test_logout_ends_the_session_at_once(client: AsyncClient, user: User) -> None:
    tokens = await login(client, user.email)
    other = await login(client, user.email)

    response = await client.post(f"{API}/auth/logout", headers=bearer(tokens))

    assert response.status_code == 204
    assert not await signed_in(client, tokens)
    assert await refresh(client, tokens) == 401
    assert await signed_in(client, other)


async def test_signing_out_everywhere_ends_every_session(client: AsyncClient, user: User) -> None:
    sessions = [await login(client, user.email) for _ in range(3)]

    response = await client.delete(f"{ME}/sessions", headers=bearer(sessions[0]))

    assert response.status_code == 204
    for tokens in sessions:
        assert not await signed_in(client, tokens)
        assert await refresh(client, tokens) == 401


async def test_a_user_ends_one_session_but_not_another_users(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    mine, lost = await login(client, user.email), await login(client, user.email)
    other = await create_user(session, "other@example.com")
    theirs = await login(client, other.email)
    (their_session,) = (await client.get(f"{ME}/sessions", headers=bearer(theirs))).json()
    listed = (await client.get(f"{ME}/sessions", headers=bearer(mine))).json()
    lost_id = next(s["id"] for s in listed if not s["current"])

    ended = await client.delete(f"{ME}/sessions/{lost_id}", headers=bearer(mine))
    crossing = await client.delete(f"{ME}/sessions/{their_session['id']}", headers=bearer(mine))

    assert ended.status_code == 204
    assert crossing.status_code == 404
    assert not await signed_in(client, lost)
    assert await signed_in(client, mine)
    assert await signed_in(client, theirs)


async def test_a_password_change_signs_out_every_other_session(
    client: AsyncClient, user: User
) -> None:
    here, elsewhere = await login(client, user.email), await login(client, user.email)

    response = await client.post(
        f"{ME}/password",
        json={"current_password": PASSWORD, "new_password": "a-brand-new-password"},
        headers=bearer(here),
    )

    assert response.status_code == 204
    assert await signed_in(client, here)
    assert not await signed_in(client, elsewhere)
    assert await refresh(client, elsewhere) == 401


async def test_a_password_reset_signs_out_every_session(client: AsyncClient, user: User) -> None:
    tokens = await login(client, user.email)

    response = await client.post(
        f"{API}/auth/reset-password",
        json={"token": create_reset_token(user), "new_password": "a-brand-new-password"},
    )

    assert response.status_code == 204
    assert not await signed_in(client, tokens)
    assert await refresh(client, tokens) == 401


async def test_deactivation_ends_sessions_for_good(
    client: AsyncClient, admin_client: AsyncClient, user: User
) -> None:
    tokens = await login(client, user.email)

    for active in (False, True):
        response = await admin_client.patch(f"{API}/users/{user.id}", json={"is_active": active})
        assert response.status_code == 200

    assert not await signed_in(client, tokens)
    assert await refresh(client, tokens) == 401


async def test_an_admin_signs_a_user_out_everywhere(
    client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    tokens, other = await login(client, user.email), await login(client, user.email)
    path = f"{API}/users/{user.id}/sessions"

    refused = await client.delete(path, headers=bearer(other))
    response = await client.delete(path, headers=await auth_headers(session, admin))

    assert refused.status_code == 403
    assert response.status_code == 204
    assert not await signed_in(client, tokens)
    assert not await signed_in(client, other)


async def test_a_machine_client_has_no_session_to_see_or_end(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    headers = await client_headers(client, session, user, ["items:read"])

    for method, path in [("GET", f"{ME}/sessions"), ("POST", f"{API}/auth/logout")]:
        refused = await client.request(method, path, headers=headers)
        assert refused.status_code == 403, path
    assert (await client.get(f"{API}/items/", headers=headers)).status_code == 200


@pytest.mark.parametrize(
    ("key", "algorithm", "claims"),
    [
        ("wrong-key-" * 4, ALGORITHM, {"sid": "1"}),
        ("", "none", {"sid": "1"}),  # an empty key: no key at all to "none"
        (settings.SECRET_KEY, ALGORITHM, {}),  # no session: from before sessions existed
    ],
    ids=["wrong-key", "alg-none", "no-session"],
)
async def test_forged_and_sessionless_tokens_get_401(
    client: AsyncClient, user: User, key: str, algorithm: str, claims: dict[str, str]
) -> None:
    payload = {"sub": str(user.id), "type": "access", "exp": 4102444800, **claims}
    token = jwt.encode(payload, key, algorithm)

    response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json()["error_code"] == "not_authenticated"


async def test_a_token_naming_another_users_session_gets_401(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    other = await create_user(session, "other@example.com")
    theirs = await login(client, other.email)
    their_session = jwt.decode(theirs["access_token"], settings.SECRET_KEY, [ALGORITHM])["sid"]
    payload = {"sub": str(user.id), "sid": their_session, "type": "access", "exp": 4102444800}
    token = jwt.encode(payload, settings.SECRET_KEY, ALGORITHM)

    response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401


async def test_expired_sessions_are_forgotten_at_the_next_sign_in(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    await auth_headers(session, user)
    past = datetime.now(UTC) - timedelta(seconds=1)
    await session.execute(update(SignInSession).values(expires_at=past))
    await session.commit()

    tokens = await login(client, user.email)

    listed = (await client.get(f"{ME}/sessions", headers=bearer(tokens))).json()
    assert [s["current"] for s in listed] == [True]
    assert await session.scalar(select(func.count()).select_from(SignInSession)) == 1


async def test_a_sign_in_beyond_the_cap_ends_the_least_recently_used_session(
    client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_settings, "SESSIONS_PER_USER", 2)
    oldest, used = await login(client, user.email, "a"), await login(client, user.email, "b")
    assert await refresh(client, oldest) == 200  # now used after b: b is the least recent

    newest = await login(client, user.email, "c")

    assert [await signed_in(client, tokens) for tokens in (oldest, used, newest)] == [
        True,
        False,
        True,
    ]
