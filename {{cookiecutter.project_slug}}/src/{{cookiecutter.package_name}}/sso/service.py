"""Sign in through the OpenID Connect provider: the authorization code flow with PKCE,
`state` and `nonce`, the ID token checked against the provider's published keys, and the
account it names found or made; raises domain errors, never HTTP ones.

The flow's secrets travel in a short-lived cookie signed with SECRET_KEY, set on the browser
that starts the flow: a callback reached from another browser (a link someone else started)
finds no flow to finish.
"""

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, Self
from urllib.parse import quote, urlencode

import jwt
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..audit import service as audit
from ..audit.schemas import EventKind
from ..auth.config import auth_settings
from ..auth.security import ALGORITHM
from ..core.errors import AuthenticationFailed, PermissionDenied, ServiceUnavailable
from ..db.base import utcnow
from ..users import service as users
from ..users.models import User
from ..users.schemas import UserCreate
from .config import sso_settings
from .models import ExternalIdentity

FLOW_MINUTES = 10
# The `type` of a flow's token, as the service's other tokens have one.
FLOW_TOKEN = "sso_flow"  # noqa: S105 (a token type, not a secret)
# What an ID token may be signed with: the provider's private keys only, never a secret
# this service shares.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
# Seconds of clock difference with the provider that an ID token's times may show.
CLOCK_LEEWAY = 60
# How long the provider's configuration and keys are used before they are read again; an
# unknown key id reads the keys again at once (the provider rotated them).
PROVIDER_SECONDS = 3600


class SignOnFailed(AuthenticationFailed):
    """The provider's answer does not finish a flow this browser started."""


class AddressNotConfirmed(PermissionDenied):
    """The provider did not vouch for an e-mail address this service can take."""


class ProviderUnavailable(ServiceUnavailable):
    """The provider did not answer in time, or answered with an error."""


@dataclass(frozen=True)
class Flow:
    """One sign-in's secrets: `state` ties the callback to this browser, `nonce` the ID token
    to this flow, and the PKCE verifier the code to whoever asked for it.
    """

    redirect_uri: str
    state: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(64))

    def seal(self) -> str:
        """The flow as the value of its cookie: signed, expiring in FLOW_MINUTES."""
        expires = datetime.now(UTC) + timedelta(minutes=FLOW_MINUTES)
        claims = {"type": FLOW_TOKEN, "exp": expires, **asdict(self)}
        return jwt.encode(claims, auth_settings.SECRET_KEY, algorithm=ALGORITHM)

    @classmethod
    def unseal(cls, sealed: str | None) -> Self:
        if not sealed:
            raise SignOnFailed("No sign-in was started in this browser")
        try:
            claims = jwt.decode(sealed, auth_settings.SECRET_KEY, algorithms=[ALGORITHM])
            if claims.get("type") != FLOW_TOKEN:
                raise SignOnFailed("No sign-in was started in this browser")
            return cls(claims["redirect_uri"], claims["state"], claims["nonce"], claims["verifier"])
        except (jwt.InvalidTokenError, KeyError, TypeError) as exc:
            raise SignOnFailed("The sign-in expired or was not started here") from exc


class ProviderAnswer(NamedTuple):
    """What the provider's redirect back brings (a code, or an error), with the flow this
    browser keeps sealed in its cookie.
    """

    code: str
    state: str
    error: str | None
    sealed_flow: str | None


@dataclass
class Provider:
    """What this service uses of the provider's configuration, read once an hour."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    basic_auth: bool
    keys: dict[str, jwt.PyJWK]
    read_at: float


# Each issuer's configuration and keys, as last read.
_providers: dict[str, Provider] = {}


def forget_provider() -> None:
    """Read the provider's configuration again on the next sign-in."""
    _providers.clear()


async def _call(
    url: str, form: dict[str, str] | None = None, auth: tuple[str, str] | None = None
) -> tuple[int, Any]:
    """GET the provider's URL, or POST the form to it: the status, and the JSON body of a
    success (None otherwise). ProviderUnavailable when it does not answer within
    OIDC_TIMEOUT_SECONDS or a success is not JSON. httpx is imported at the first sign-in:
    a service that never signs in this way does not load it.
    """
    import httpx

    try:
        async with httpx.AsyncClient(
            auth=None if auth is None else httpx.BasicAuth(*auth),
            timeout=sso_settings.OIDC_TIMEOUT_SECONDS,
        ) as client:
            if form is None:
                response = await client.get(url)
            else:
                response = await client.post(url, data=form)
            return response.status_code, response.json() if response.is_success else None
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderUnavailable("The sign-in provider cannot be reached") from exc


async def _read(url: str) -> Any:
    """The provider's JSON document at the URL; ProviderUnavailable without one."""
    status, document = await _call(url)
    if document is None:
        raise ProviderUnavailable(f"The sign-in provider answered {status}")
    return document


async def _read_keys(jwks_uri: str) -> dict[str, jwt.PyJWK]:
    try:
        keys = jwt.PyJWKSet.from_dict(await _read(jwks_uri)).keys
    except (jwt.PyJWKError, TypeError) as exc:
        raise ProviderUnavailable("The sign-in provider publishes no usable keys") from exc
    return {key.key_id or "": key for key in keys}


async def provider() -> Provider:
    """The provider's configuration and keys: ProviderUnavailable when it cannot be read."""
    issuer = sso_settings.OIDC_ISSUER_URL.rstrip("/")
    known = _providers.get(issuer)
    if known is not None and time.monotonic() - known.read_at < PROVIDER_SECONDS:
        return known
    config = await _read(f"{issuer}/.well-known/openid-configuration")
    try:
        methods = config.get("token_endpoint_auth_methods_supported", [])
        found = Provider(
            issuer=str(config["issuer"]),
            authorization_endpoint=str(config["authorization_endpoint"]),
            token_endpoint=str(config["token_endpoint"]),
            jwks_uri=str(config["jwks_uri"]),
            basic_auth=not methods or "client_secret_basic" in methods,
            keys=await _read_keys(str(config["jwks_uri"])),
            read_at=time.monotonic(),
        )
    except (AttributeError, KeyError, TypeError) as exc:
        raise ProviderUnavailable("The sign-in provider's configuration is incomplete") from exc
    if found.issuer.rstrip("/") != issuer:
        raise ProviderUnavailable("The sign-in provider names another issuer")
    _providers[issuer] = found
    return found


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def start(redirect_uri: str) -> tuple[str, Flow]:
    """Where to send the browser to sign in at the provider, and the flow to keep."""
    flow = Flow(redirect_uri)
    query = {
        "response_type": "code",
        "client_id": sso_settings.OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": sso_settings.OIDC_SCOPES,
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": _challenge(flow.verifier),
        "code_challenge_method": "S256",
    }
    return f"{(await provider()).authorization_endpoint}?{urlencode(query)}", flow


async def finish(session: AsyncSession, answer: ProviderAnswer) -> User:
    """The account the provider signed in, once its answer is shown to finish the flow this
    browser started.
    """
    flow = Flow.unseal(answer.sealed_flow)
    if answer.error is not None or not answer.code:
        raise SignOnFailed("The provider did not sign you in")
    if not hmac.compare_digest(answer.state.encode(), flow.state.encode()):
        raise SignOnFailed("The sign-in's state does not match the one this browser started")
    found = await provider()
    claims = await verified_claims(await exchange(answer.code, flow, found), flow, found)
    return await account_for(session, claims)


async def exchange(code: str, flow: Flow, found: Provider) -> str:
    """The ID token the provider gives for the code (SignOnFailed if it refuses the code)."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
    }
    client_id = sso_settings.OIDC_CLIENT_ID
    secret = sso_settings.OIDC_CLIENT_SECRET.get_secret_value()
    auth = None
    if found.basic_auth and secret:
        # RFC 6749 2.3.1: each part form-encoded before Basic encodes them.
        auth = (quote(client_id, safe=""), quote(secret, safe=""))
    else:
        form["client_id"] = client_id
        if secret:
            form["client_secret"] = secret
    status, answer = await _call(found.token_endpoint, form, auth)
    if status in (400, 401):
        raise SignOnFailed("The provider refused the sign-in's code")
    if answer is None:
        raise ProviderUnavailable(f"The sign-in provider answered {status}")
    id_token = answer.get("id_token") if isinstance(answer, dict) else None
    if not isinstance(id_token, str):
        raise SignOnFailed("The provider gave no ID token")
    return id_token


def _key(keys: dict[str, jwt.PyJWK], key_id: str | None) -> jwt.PyJWK | None:
    """The key the token names, or the provider's only key when it names none."""
    if key_id:
        return keys.get(key_id)
    return next(iter(keys.values())) if len(keys) == 1 else None


async def signing_key(found: Provider, key_id: str | None) -> jwt.PyJWK:
    """The provider's key with this id, reading its keys again once if it is not among them
    (the provider rotated its keys since they were read).
    """
    key = _key(found.keys, key_id)
    if key is None:
        found.keys = await _read_keys(found.jwks_uri)
        key = _key(found.keys, key_id)
    if key is None:
        raise SignOnFailed("The ID token is signed with a key the provider does not publish")
    return key


async def verified_claims(id_token: str, flow: Flow, found: Provider) -> dict[str, Any]:
    """The ID token's claims, once its signature (one of the provider's keys), issuer,
    audience, times and nonce (this flow's) are checked; SignOnFailed otherwise.
    """
    try:
        key = await signing_key(found, jwt.get_unverified_header(id_token).get("kid"))
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key,
            algorithms=ID_TOKEN_ALGORITHMS,
            audience=sso_settings.OIDC_CLIENT_ID,
            issuer=found.issuer,
            leeway=CLOCK_LEEWAY,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
        )
    except jwt.InvalidTokenError as exc:
        raise SignOnFailed("The ID token is not valid for this sign-in") from exc
    if not hmac.compare_digest(str(claims["nonce"]).encode(), flow.nonce.encode()):
        raise SignOnFailed("The ID token was issued for another sign-in")
    return claims


async def account_for(session: AsyncSession, claims: dict[str, Any]) -> User:
    """The active account the provider's subject is linked to; else the one with the
    address the provider vouches for (`email_verified`), linked from now on; else a new one
    with that address (if OIDC_CREATES_ACCOUNTS). An address the provider does not vouch
    for never finds an account, so nobody takes over one by naming its address.
    """
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    user = await session.scalar(
        select(User)
        .join(ExternalIdentity, ExternalIdentity.user_id == User.id)
        .where(ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject)
    )
    if user is None:
        user = await _link(session, claims, issuer, subject)
    if not user.is_active:
        raise SignOnFailed("This account cannot sign in")
    return user


async def _link(session: AsyncSession, claims: dict[str, Any], issuer: str, subject: str) -> User:
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is not True:
        raise AddressNotConfirmed("The provider did not confirm an e-mail address")
    user = await users.get_user_by_email(session, email)
    if user is None:
        user = await _new_account(session, email)
    elif user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the provider vouches for it now
    session.add(ExternalIdentity(user_id=user.id, issuer=issuer, subject=subject))
    audit.record(session, EventKind.SSO_LINKED, user.id)
    await session.flush()
    return user


async def _new_account(session: AsyncSession, email: str) -> User:
    if not sso_settings.OIDC_CREATES_ACCOUNTS:
        raise AddressNotConfirmed("No account has this address")
    try:
        # A password nobody knows: the account signs in through the provider, or sets one
        # through password recovery.
        data = UserCreate(email=email, password=secrets.token_urlsafe(32))
    except ValidationError as exc:
        raise AddressNotConfirmed("The provider's address is not one this service takes") from exc
    return await users.create_user(
        session, data, verified=True, roles=[auth_settings.NEW_ACCOUNT_ROLE]
    )
