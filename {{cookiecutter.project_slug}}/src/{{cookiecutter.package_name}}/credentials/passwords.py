"""Password hashing: argon2 through pwdlib, in worker threads, no more at once than cores."""

import os
from functools import cache
from typing import TYPE_CHECKING

import anyio

from .config import password_settings

if TYPE_CHECKING:
    from pwdlib import PasswordHash

# An argon2 hash or check holds a core and, at the default costs, 64 MiB for about 0.1 s. It
# runs in a worker thread (argon2 releases the GIL), so the event loop serves other requests
# meanwhile, but no more of them at once than there are cores to run them.
HASHING = anyio.CapacityLimiter(os.cpu_count() or 1)


@cache
def password_hash() -> {{ "PasswordHash" | forward_ref }}:
    """The argon2 hasher, imported on first use: only sign-in and password changes need it."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    hasher = Argon2Hasher(
        time_cost=password_settings.PASSWORD_HASH_TIME_COST,
        memory_cost=password_settings.PASSWORD_HASH_MEMORY_KIB,
    )
    return PasswordHash((hasher,))


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(password_hash().hash, password, limiter=HASHING)


async def verify_password(password: str, hashed: str) -> tuple[bool, str | None]:
    """Whether the password matches, and a new hash when the stored one is outdated."""
    check = password_hash().verify_and_update
    return await anyio.to_thread.run_sync(check, password, hashed, limiter=HASHING)


@cache
def _unknown_user_hash() -> str:
    return password_hash().hash("not-a-real-password")


def _check_against_unknown_user(password: str) -> None:
    password_hash().verify(password, _unknown_user_hash())


async def burn_password_check(password: str) -> None:
    """Spend a real hash check on an unknown user, so login time does not reveal emails."""
    await anyio.to_thread.run_sync(_check_against_unknown_user, password, limiter=HASHING)
