"""Single sign-on against a real OpenID Connect provider started on loopback
(oidc-provider-mock): the whole authorization code flow, and every way its answer can be
made to finish a sign-in it should not.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.audit.models import SecurityEvent
from {{ cookiecutter.package_name }}.audit.schemas import EventKind
from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.security import ALGORITHM
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.sessions.models import SignInSession
from {{ cookiecutter.package_name }}.sso import service
from {{ cookiecutter.package_name }}.sso.config import SingleSignOnSettings, sso_settings
from {{ cookiecutter.package_name }}.sso.flow_cookie import FLOW_COOKIE
from {{ cookiecutter.package_name }}.sso.models import ExternalIdentity
from {{ cookiecutter.package_name }}.sso.service import Flow, SignOnFailed
from {{ cookiecutter.package_name }}.users.models import User

from .utils.oidc import app_with_provider, authorize, browser_on, confirmed, provider
from .utils.users import PASSWORD, auth_headers, create_user, login_status

API = core_settings.API_V1_PREFIX
AUTH = f"{API}/auth"
START = f"{AUTH}/sso"
# What takes or sets a password: none of it is served when the provider is the only way in.
PASSWORD_ROUTES = [
    ("POST", f"{AUTH}/login"),
    ("POST", f"{AUTH}/password-recovery"),
    ("POST", f"{AUTH}/reset-password"),
    ("POST", f"{API}/users/signup"),
    ("POST", f"{API}/users/me/password"),
]


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with provider() as url:
        yield url


@pytest.fixture
def sso_app(issuer: str, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    return app_with_provider(issuer, monkeypatch)


@pytest.fixture
async def browser(sso_app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with browser_on(sso_app) as client:
        yield client


async def sign_on(browser: AsyncClient, sub: str, **claims: Any) -> Response:
    return await browser.get(await authorize(browser, START, sub, claims))


async def linked_user(session: AsyncSession, sub: str) -> User | None:
    return await session.scalar(
        select(User).join(ExternalIdentity).where(ExternalIdentity.subject == sub)
    )


async def count(session: AsyncSession, model: type[Any]) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_a_first_sign_in_makes_an_account_for_the_confirmed_address(
    browser: AsyncClient, session: AsyncSession
) -> None:
    answer = await sign_on(browser, "alice-1", **confirmed("alice@example.com"))

    assert answer.status_code == 200, answer.text
    headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    me = await browser.get(f"{API}/users/me", headers=headers)
    assert me.json()["email"] == "alice@example.com"
    assert me.json()["email_verified_at"] is not None
    assert answer.json()["refresh_token"]
    assert FLOW_COOKIE not in browser.cookies  # the flow is over
    user = await linked_user(session, "alice-1")
    assert user is not None
    assert user.email == "alice@example.com"


async def test_a_later_sign_in_finds_the_account_by_subject_whatever_address_it_reports(
    browser: AsyncClient, session: AsyncSession
) -> None:
    first = await sign_on(browser, "bob-1", **confirmed("bob@example.com"))
    later = await sign_on(browser, "bob-1", email="elsewhere@example.com", email_verified=False)

    assert (first.status_code, later.status_code) == (200, 200)
    user = await linked_user(session, "bob-1")
    assert user is not None
    assert user.email == "bob@example.com"
    assert await count(session, User) == 1


async def test_a_confirmed_address_links_the_account_that_has_it(
    browser: AsyncClient, session: AsyncSession, user: User
) -> None:
    answer = await sign_on(browser, "user-1", **confirmed(user.email.upper()))

    assert answer.status_code == 200, answer.text
    assert await linked_user(session, "user-1") is not None
    kinds = await session.scalars(
        select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
    )
    assert EventKind.SSO_LINKED in list(kinds)
    assert await login_status(browser, user.email, PASSWORD) == 200  # the password still works


@pytest.mark.parametrize("claims", [{"email_verified": False}, {}])
async def test_an_address_the_provider_does_not_confirm_never_finds_an_account(
    browser: AsyncClient, session: AsyncSession, user: User, claims: dict[str, Any]
) -> None:
    answer = await sign_on(browser, "mallory-1", email=user.email, **claims)

    assert answer.status_code == 403, answer.text
    assert answer.json()["error_code"] == "permission_denied"
    assert await linked_user(session, "mallory-1") is None
    assert await count(session, SignInSession) == 0


async def test_a_callback_with_another_state_is_refused(
    browser: AsyncClient, session: AsyncSession
) -> None:
    callback = urlsplit(await authorize(browser, START, "eve-1", confirmed("eve@example.com")))
    query = parse_qs(callback.query)
    forged = f"{callback.path}?code={query['code'][0]}&state=not-the-state"

    answer = await browser.get(forged)

    assert answer.status_code == 401
    assert answer.json()["error_code"] == "not_authenticated"
    assert await count(session, User) == 0


async def test_a_callback_in_a_browser_that_did_not_start_the_sign_in_is_refused(
    browser: AsyncClient, sso_app: FastAPI, session: AsyncSession
) -> None:
    """Someone's own finished sign-in, sent as a link to a victim, signs nobody in there."""
    callback = await authorize(browser, START, "eve-2", confirmed("eve2@example.com"))
    async with browser_on(sso_app) as victim:
        answer = await victim.get(callback)

    assert answer.status_code == 401
    assert await count(session, User) == 0


@pytest.mark.parametrize("forged", ["not-a-token", "eyJhbGciOiJIUzI1NiJ9.e30.x", ""])
async def test_a_flow_cookie_not_signed_by_the_service_finishes_nothing(
    browser: AsyncClient, forged: str
) -> None:
    callback = await authorize(browser, START, "eve-3", confirmed("eve3@example.com"))
    browser.cookies.set(FLOW_COOKIE, forged)

    assert (await browser.get(callback)).status_code == 401


def test_a_token_of_another_type_is_no_flow() -> None:
    other = jwt.encode({"type": "access"}, auth_settings.SECRET_KEY, algorithm=ALGORITHM)

    with pytest.raises(SignOnFailed):
        Flow.unseal(other)


async def test_a_code_is_taken_once(browser: AsyncClient) -> None:
    callback = await authorize(browser, START, "carol-1", confirmed("carol@example.com"))
    flow = browser.cookies[FLOW_COOKIE]
    first = await browser.get(callback)
    browser.cookies.set(FLOW_COOKIE, flow)

    replayed = await browser.get(callback)

    assert first.status_code == 200
    assert replayed.status_code == 401


async def test_an_id_token_of_another_sign_in_is_refused(browser: AsyncClient) -> None:
    callback = await authorize(browser, START, "dave-1", confirmed("dave@example.com"))
    flow = Flow.unseal(browser.cookies[FLOW_COOKIE])
    provider = await service.provider()
    code = parse_qs(urlsplit(callback).query)["code"][0]
    id_token = await service.exchange(code, flow, provider)

    claims = await service.verified_claims(id_token, flow, provider)

    assert claims["sub"] == "dave-1"
    with pytest.raises(SignOnFailed):
        await service.verified_claims(id_token, Flow(flow.redirect_uri), provider)
    with pytest.raises(SignOnFailed):
        await service.verified_claims(id_token[:-4] + "AAAA", flow, provider)


async def test_a_provider_error_signs_nobody_in(browser: AsyncClient) -> None:
    await browser.get(START)

    answer = await browser.get(f"{START}/callback?error=access_denied&state=x")

    assert answer.status_code == 401


async def test_an_inactive_account_cannot_sign_on(
    browser: AsyncClient, session: AsyncSession
) -> None:
    user = await create_user(session, "gone@example.com", is_active=False)

    answer = await sign_on(browser, "gone-1", **confirmed(user.email))

    assert answer.status_code == 401
    assert await count(session, SignInSession) == 0


async def test_no_account_is_made_when_the_settings_say_so(
    browser: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sso_settings, "OIDC_CREATES_ACCOUNTS", False)

    answer = await sign_on(browser, "frank-1", **confirmed("frank@example.com"))

    assert answer.status_code == 403
    assert await count(session, User) == 0


async def test_an_unreachable_provider_answers_503(
    browser: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sso_settings, "OIDC_ISSUER_URL", "http://127.0.0.1:9")
    monkeypatch.setattr(sso_settings, "OIDC_TIMEOUT_SECONDS", 1.0)
    service.forget_provider()

    answer = await browser.get(START)

    assert answer.status_code == 503
    assert answer.json()["error_code"] == "service_unavailable"


async def test_without_a_provider_its_routes_are_absent(client: AsyncClient) -> None:
    schema = (await client.get(f"{API}/openapi.json")).json()

    assert (await client.get(START)).status_code == 404
    assert not [path for path in schema["paths"] if "/sso" in path]


async def test_when_the_provider_is_the_only_way_in_no_password_route_is_served(
    issuer: str, monkeypatch: pytest.MonkeyPatch, session: AsyncSession, user: User
) -> None:
    app = app_with_provider(issuer, monkeypatch, OIDC_ONLY=True)
    headers = await auth_headers(session, user)
    schema = app.openapi()["paths"]

    async with browser_on(app) as browser:
        answers = {
            path: (await browser.request(method, path, headers=headers, json={})).status_code
            for method, path in PASSWORD_ROUTES
        }
        signed_on = await sign_on(browser, "user-2", **confirmed(user.email))

    assert all(status in (404, 405) for status in answers.values()), answers
    served = [path for method, path in PASSWORD_ROUTES if method.lower() in schema.get(path, {})]
    assert served == []
    assert signed_on.status_code == 200


@pytest.mark.parametrize(
    ("settings", "wrong"),
    [
        ({"OIDC_ISSUER_URL": "https://id.example.com"}, "OIDC_CLIENT_ID"),
        ({"OIDC_CLIENT_ID": "x", "OIDC_SCOPES": "email"}, "openid"),
        ({"OIDC_CLIENT_ID": "x", "ENVIRONMENT": "production"}, "https://"),
        ({"OIDC_ISSUER_URL": "", "OIDC_ONLY": "true"}, "OIDC_ISSUER_URL"),
    ],
)
def test_a_provider_half_configured_is_refused_at_start(
    settings: dict[str, str], wrong: str
) -> None:
    given = {"OIDC_ISSUER_URL": "http://id.example.com"} | settings
    with pytest.raises(ValidationError, match=wrong):
        SingleSignOnSettings(**given)  # type: ignore[arg-type]
