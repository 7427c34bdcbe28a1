"""The caller from the cache: each user's entry is dropped once a change to them commits,
and each session's once it ends, so deactivating, changing the roles of or signing a user out
takes effect on the next request.
"""

from pydantic import BaseModel, ConfigDict

from ..cache.rows import CachedRows
from ..sessions.models import SignInSession
from ..users.models import User
from ..users.schemas import UserRead


class CachedUser(UserRead):
    """The user as the API shows them, and the count of changes to their permissions that
    their tokens must carry.
    """

    permissions_version: int


class SessionOwner(BaseModel):
    """What checking a token's session needs of it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int


users = CachedRows("user", User, CachedUser)
sign_in_sessions = CachedRows("session", SignInSession, SessionOwner)


async def cached_user(user_id: int) -> CachedUser | None:
    """The user as the API shows them, from the cache or else the database."""
    cached = await users.get(user_id)
    return None if cached is None else CachedUser.model_validate_json(cached)


async def live_session(session_id: int, user_id: int) -> bool:
    """Whether the session has not ended and is the user's, from the cache or else the
    database.
    """
    cached = await sign_in_sessions.get(session_id)
    return cached is not None and SessionOwner.model_validate_json(cached).user_id == user_id
