"""The caller from the cache: each user's entry is dropped once a change to them commits,
so deactivating or demoting a user takes effect on the next request.
"""

from functools import partial

from sqlalchemy import event
from sqlalchemy.orm import Mapper, object_session

from ..cache import store
from ..db.session import ReadOnlySessionFactory, after_commit
from ..users.models import User
from ..users.schemas import UserRead

SHAPE = store.shape_version(UserRead)


def user_key(user_id: int) -> str:
    return store.key("user", SHAPE, user_id)


async def cached_user(user_id: int) -> UserRead | None:
    """The user as the API shows them, from the cache or else the database (in a session of
    its own, so a request served from the cache opens none).
    """

    async def load() -> bytes | None:
        async with ReadOnlySessionFactory() as session:
            user = await session.get(User, user_id)
        return None if user is None else UserRead.model_validate(user).model_dump_json().encode()

    cached = await store.get_or_load(user_key(user_id), load)
    return None if cached is None else UserRead.model_validate_json(cached)


@event.listens_for(User, "after_update")
@event.listens_for(User, "after_delete")
def _drop_changed_user(mapper: Mapper[User], connection: object, user: User) -> None:
    if (session := object_session(user)) is not None:
        after_commit(session, partial(store.drop, user_key(user.id)))
