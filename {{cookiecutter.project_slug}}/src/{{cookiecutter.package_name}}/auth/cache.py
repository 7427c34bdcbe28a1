"""The caller from the cache: each user's entry is dropped once a change to them commits,
so deactivating or demoting a user takes effect on the next request.
"""

from ..cache.rows import CachedRows
from ..users.models import User
from ..users.schemas import UserRead

users = CachedRows("user", User, UserRead)


async def cached_user(user_id: int) -> UserRead | None:
    """The user as the API shows them, from the cache or else the database."""
    cached = await users.get(user_id)
    return None if cached is None else UserRead.model_validate_json(cached)
