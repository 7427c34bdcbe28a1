"""Rows as the API shows them, cached: one entry a row, read from the database (in a session
of its own, so a request served from the cache opens none) when it is missing, and dropped
once a change to the row commits.
"""

from collections.abc import Iterable
from functools import partial

from pydantic import BaseModel
from sqlalchemy import event
from sqlalchemy.orm import Mapper, Session, object_session

from ..db.base import Base
from ..db.session import ReadOnlySessionFactory, after_commit
from . import store


class CachedRows:
    """The rows of one table, each cached as the JSON of `shape`, under keys that change with
    the shape (a deploy that changes it reads and writes new keys).
    """

    def __init__(self, name: str, model: type[Base], shape: type[BaseModel]) -> None:
        self.name, self.model, self.shape = name, model, shape
        self.version = store.shape_version(shape)
        event.listen(model, "after_update", self._drop_changed)
        event.listen(model, "after_delete", self._drop_changed)

    def key(self, row_id: int) -> str:
        return store.key(self.name, self.version, row_id)

    async def get(self, row_id: int) -> bytes | None:
        """The row's JSON, from the cache or else the database; None when there is no row."""

        async def load() -> bytes | None:
            async with ReadOnlySessionFactory() as session:
                row = await session.get(self.model, row_id)
            if row is None:
                return None
            return self.shape.model_validate(row).model_dump_json().encode()

        return await store.get_or_load(self.key(row_id), load)

    def drop_after_commit(self, session: Session, row_ids: Iterable[int]) -> None:
        """Drop these rows' entries once the session's transaction commits."""
        after_commit(session, partial(store.drop, *map(self.key, row_ids)))

    def _drop_changed(self, mapper: Mapper[Base], connection: object, row: Base) -> None:
        if (session := object_session(row)) is not None:
            self.drop_after_commit(session, [mapper.primary_key_from_instance(row)[0]])
