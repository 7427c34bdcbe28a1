"""Cached reads are never stale after a write, and concurrent misses load an item once."""

import asyncio
{%- if "cache_redis" in features %}
import sys
{%- endif %}
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from httpx import AsyncClient
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.cache import store
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.credentials.scopes import ADMIN_ROLE
{%- endif %}
from {{ cookiecutter.package_name }}.db.session import engine
from {{ cookiecutter.package_name }}.items.cache import item_key
from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.items.schemas import ItemRead
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import auth_headers, create_user
{%- endif %}


@contextmanager
def counted_item_reads() -> Iterator[list[str]]:
    """The SELECTs on the items table the block sends to the database."""
    reads: list[str] = []

    def count(*args: Any) -> None:
        statement = str(args[2])
        if statement.lstrip().upper().startswith("SELECT") and "FROM items" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield reads
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def create(api_client: AsyncClient, title: str) -> int:
    response = await api_client.post("/api/v1/items/", json={"title": title})
    assert response.status_code == 201
    item_id: int = response.json()["id"]
    return item_id


async def test_a_read_is_served_from_the_cache(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Lamp")
    await api_client.get(f"/api/v1/items/{item_id}")

    with counted_item_reads() as reads:
        response = await api_client.get(f"/api/v1/items/{item_id}")

    assert response.json()["title"] == "Lamp"
    assert reads == []
    assert await store.get(item_key(item_id)) is not None


async def test_a_read_after_a_change_is_never_stale(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Lamp")
    await api_client.get(f"/api/v1/items/{item_id}")

    await api_client.patch(f"/api/v1/items/{item_id}", json={"title": "Desk lamp"})
    changed = await api_client.get(f"/api/v1/items/{item_id}")
    await api_client.delete(f"/api/v1/items/{item_id}")
    deleted = await api_client.get(f"/api/v1/items/{item_id}")

    assert changed.json()["title"] == "Desk lamp"
    assert deleted.status_code == 404


async def test_after_two_concurrent_writers_the_read_matches_the_database(
    api_client: AsyncClient, session: AsyncSession
) -> None:
    item_id = await create(api_client, "Lamp")
    path = f"/api/v1/items/{item_id}"
    await api_client.get(path)

    await asyncio.gather(
        api_client.patch(path, json={"title": "first"}),
        api_client.patch(path, json={"title": "second"}),
    )
    cached = await api_client.get(path)

    stored = await session.get(Item, item_id)
    assert stored is not None
    assert cached.json()["title"] == stored.title


async def test_concurrent_misses_load_the_item_once(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Lamp")
    await store.drop(item_key(item_id))

    with counted_item_reads() as reads:
        answers = await asyncio.gather(
            *(api_client.get(f"/api/v1/items/{item_id}") for _ in range(20))
        )

    assert {answer.status_code for answer in answers} == {200}
    assert len(reads) == 1


async def test_a_missing_item_is_not_cached(api_client: AsyncClient) -> None:
    response = await api_client.get("/api/v1/items/424242")

    assert response.status_code == 404
    assert await store.get(item_key(424242)) is None


async def read_on_its_way_back(
    cache_key: str,
) -> tuple[asyncio.Task[bytes | None], asyncio.Event]:
    """A miss of `cache_key` whose load has read b"old" and returns it once the event is set."""
    reading, committed = asyncio.Event(), asyncio.Event()

    async def read_before_the_change() -> bytes:
        reading.set()
        await committed.wait()
        return b"old"

    reader = asyncio.create_task(store.get_or_load(cache_key, read_before_the_change))
    await reading.wait()
    return reader, committed


async def test_a_read_that_raced_a_change_leaves_no_old_copy() -> None:
    cache_key = store.key("raced", uuid.uuid4().hex)
    reader, committed = await read_on_its_way_back(cache_key)
    await store.drop(cache_key)  # the change commits while the read is on its way back
    committed.set()

    assert await reader == b"old"  # what it read, for the request that began first
    assert await store.get(cache_key) is None


async def test_a_miss_after_a_change_does_not_wait_for_a_read_from_before_it() -> None:
    cache_key = store.key("raced", uuid.uuid4().hex)

    async def read_after_the_change() -> bytes:
        return b"new"

    reader, committed = await read_on_its_way_back(cache_key)
    await store.drop(cache_key)
    after = await asyncio.wait_for(store.get_or_load(cache_key, read_after_the_change), 5)
    committed.set()
    await reader

    assert after == b"new"
    assert await store.get(cache_key) == b"new"
{%- if "cache_redis" in features %}


async def test_a_change_in_another_replica_keeps_a_raced_read_out_of_the_cache() -> None:
    cache_key = store.key("raced", uuid.uuid4().hex)
    reader, committed = await read_on_its_way_back(cache_key)
    other_replica = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import asyncio, sys\n"
        "from {{ cookiecutter.package_name }}.cache import store\n"
        "asyncio.run(store.drop(sys.argv[1]))",
        cache_key,
    )
    assert await other_replica.wait() == 0
    committed.set()
    await reader

    assert await store.get(cache_key) is None
{%- endif %}


def test_keys_carry_the_cached_shape() -> None:
    assert item_key(7).split(":")[-3:-1] == ["item", store.shape_version(ItemRead)]
{%- if "jwt" in features %}


async def test_deactivating_a_user_takes_effect_on_their_next_request(
    client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    headers, as_admin = await auth_headers(session, user), await auth_headers(session, admin)
    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200

    await client.patch(f"/api/v1/users/{user.id}", json={"is_active": False}, headers=as_admin)
    after = await client.get("/api/v1/users/me", headers=headers)

    assert after.status_code == 401


async def test_demoting_an_admin_takes_effect_on_their_next_request(
    client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    other_admin = await create_user(session, "root@example.com", roles=[ADMIN_ROLE])
    headers = await auth_headers(session, admin)
    assert (await client.get("/api/v1/users/", headers=headers)).status_code == 200

    await client.put(
        f"/api/v1/users/{admin.id}/roles",
        json={"roles": ["member"]},
        headers=await auth_headers(session, other_admin),
    )
    after = await client.get("/api/v1/users/", headers=headers)

    assert after.status_code == 401  # the token's permissions are no longer theirs


async def test_a_deleted_users_items_leave_the_cache(
    api_client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    item_id = await create(api_client, "Lamp")
    await api_client.get(f"/api/v1/items/{item_id}")
    as_admin = await auth_headers(session, admin)

    await api_client.delete(f"/api/v1/users/{user.id}", headers=as_admin)

    assert await store.get(item_key(item_id)) is None
    assert (await api_client.get(f"/api/v1/items/{item_id}", headers=as_admin)).status_code == 404
{%- endif %}
