"""Register, revoke and authenticate machine clients; raises domain errors, never HTTP ones."""

import hmac
import secrets
from collections.abc import Collection
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.errors import AuthenticationFailed, BadRequest, NotFound, PermissionDenied
from ..credentials.digests import digest
from ..credentials.errors import InvalidCredentials
from ..credentials.scopes import SCOPES
from ..db.base import utcnow
from ..db.session import ReadOnlySessionFactory
from ..users.models import User
from ..users.service import get_user_by_email
from .models import MachineClient


class InvalidClient(AuthenticationFailed):
    """RFC 6749 section 5.2: a failed client authentication names the scheme to use."""

    default_headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": "Basic"}


def check_scopes(scopes: Collection[str]) -> None:
    if unknown := set(scopes) - SCOPES.keys():
        raise BadRequest(f"Unknown scope: {' '.join(sorted(unknown))}")


async def register_client(
    session: AsyncSession, owner_email: str, scopes: Collection[str]
) -> tuple[MachineClient, str]:
    """A new client acting for this user, and its secret (shown once, stored as a digest).
    Its scopes are some of the permissions its owner holds: it never holds more.
    """
    check_scopes(scopes)
    owner = await get_user_by_email(session, owner_email)
    if owner is None:
        raise NotFound(f"No user {owner_email}")
    if beyond := set(scopes) - owner.permissions:
        raise PermissionDenied(f"{owner_email} does not hold {' '.join(sorted(beyond))}")
    secret = secrets.token_urlsafe(32)
    client = MachineClient(
        client_id=secrets.token_hex(12),
        secret_digest=digest(secret),
        scopes=" ".join(sorted(set(scopes))),
        owner_id=owner.id,
    )
    session.add(client)
    await session.flush()
    return client, secret


async def list_clients(
    session: AsyncSession, owner_email: str | None = None
) -> list[tuple[MachineClient, str]]:
    """Every client, or one user's, oldest first, each with its owner's address."""
    statement = (
        select(MachineClient, User.email)
        .join(User, User.id == MachineClient.owner_id)
        .order_by(MachineClient.id)
    )
    if owner_email is not None:
        statement = statement.where(User.email == owner_email)
    return [(client, email) for client, email in await session.execute(statement)]


async def revoke_client(session: AsyncSession, client_id: str) -> None:
    client = await session.scalar(select(MachineClient).filter_by(client_id=client_id))
    if client is None:
        raise NotFound(f"No client {client_id}")
    client.revoked_at = utcnow()


async def authenticate_client(session: AsyncSession, client_id: str, secret: str) -> MachineClient:
    """The unrevoked client with these credentials."""
    client = await session.scalar(select(MachineClient).filter_by(client_id=client_id))
    # Compared even for an unknown id, so the answer's timing does not tell ids apart.
    expected = client.secret_digest if client is not None else digest("")
    if not hmac.compare_digest(digest(secret), expected) or client is None:
        raise InvalidClient("Invalid client credentials")
    if client.revoked_at is not None:
        raise InvalidClient("Client revoked")
    return client


async def ensure_active(client_id: str) -> None:
    """Refuse the tokens of a client revoked since they were issued (in a session of its
    own, as the caller may come from the cache).
    """
    async with ReadOnlySessionFactory() as session:
        row = (
            await session.execute(select(MachineClient.revoked_at).filter_by(client_id=client_id))
        ).first()
    if row is None or row.revoked_at is not None:
        raise InvalidCredentials("Client revoked")
