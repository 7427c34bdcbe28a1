"""Make users and sign requests as them."""

from collections.abc import Collection

from httpx import AsyncClient, BasicAuth
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.auth.service import sign_in
from {{ cookiecutter.package_name }}.clients.service import register_client
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.credentials.scopes import MEMBER_ROLE
from {{ cookiecutter.package_name }}.sessions.service import SignInClient
from {{ cookiecutter.package_name }}.users.models import User
from {{ cookiecutter.package_name }}.users.schemas import UserCreate
from {{ cookiecutter.package_name }}.users.service import create_user as add_user

PASSWORD = "correct-horse-battery"


async def create_user(
    session: AsyncSession,
    email: str = "user@example.com",
    password: str = PASSWORD,
    *,
    verified: bool = True,
    roles: Collection[str] = (MEMBER_ROLE,),
    **fields: object,
) -> User:
    """Create and commit a user holding `roles` (a member's, unless told otherwise), with a
    verified address unless told otherwise; the password is PASSWORD unless given.
    """
    data = UserCreate(email=email, password=password, **fields)
    user = await add_user(session, data, verified=verified, roles=roles)
    await session.commit()
    return user


async def auth_headers(session: AsyncSession, user: User) -> dict[str, str]:
    """Headers that sign a request as this user, in a new session of theirs."""
    tokens = await sign_in(session, user, SignInClient("tests", "127.0.0.1"))
    await session.commit()
    return {"Authorization": f"Bearer {tokens.access_token}"}


async def client_headers(
    client: AsyncClient, session: AsyncSession, owner: User, scopes: Collection[str]
) -> dict[str, str]:
    """Headers that sign a request as a new machine client of `owner` holding these scopes,
    with a token from the client credentials grant.
    """
    registered, secret = await register_client(session, owner.email, scopes)
    await session.commit()
    response = await client.post(
        f"{core_settings.API_V1_PREFIX}/auth/token",
        data={"grant_type": "client_credentials"},
        auth=BasicAuth(registered.client_id, secret),
    )
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def login_status(client: AsyncClient, email: str, password: str = PASSWORD) -> int:
    """The status the API's login answers these credentials with."""
    form = {"username": email, "password": password}
    response = await client.post(f"{core_settings.API_V1_PREFIX}/auth/login", data=form)
    return response.status_code
