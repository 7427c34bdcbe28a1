"""Create the first superuser from settings; safe to run any number of times.

Run it with `make initial-data`, or `python -m` on this module.
"""

import asyncio

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from .. import models  # noqa: F401  (registers every model, so relationships resolve)
from ..auth.config import auth_settings
from ..core.config import core_settings
from ..core.logging import configure_logging
from ..db.session import SessionFactory, engine
from . import service
from .schemas import UserCreate

logger = structlog.get_logger(__name__)


async def create_first_superuser(session: AsyncSession) -> bool:
    """Create the superuser unless one with that email exists; True if it was created."""
    if await service.get_user_by_email(session, auth_settings.FIRST_SUPERUSER_EMAIL) is not None:
        return False
    superuser = UserCreate(
        email=auth_settings.FIRST_SUPERUSER_EMAIL,
        password=auth_settings.FIRST_SUPERUSER_PASSWORD,
        is_superuser=True,
    )
    await service.create_user(session, superuser)
    return True


async def main() -> None:
    configure_logging(core_settings)
    async with SessionFactory() as session:
        created = await create_first_superuser(session)
        await session.commit()
    await engine.dispose()
    logger.info("first_superuser", email=auth_settings.FIRST_SUPERUSER_EMAIL, created=created)


if __name__ == "__main__":
    asyncio.run(main())
