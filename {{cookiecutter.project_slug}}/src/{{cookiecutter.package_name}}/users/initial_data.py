"""Create the first admin from settings; safe to run any number of times.

Run it with `make initial-data`, or `python -m` on this module.
"""

import asyncio

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from .. import models  # noqa: F401  (registers every model, so relationships resolve)
from ..auth.config import auth_settings
from ..core.config import core_settings
from ..core.logging import configure_logging
from ..credentials.scopes import ADMIN_ROLE
from ..db.session import SessionFactory, engine
from . import roles, service
from .schemas import UserCreate

logger = structlog.get_logger(__name__)


async def create_first_admin(session: AsyncSession) -> bool:
    """Create the admin, holding the `admin` role, unless an account with that email exists;
    True if it was created. The standard roles are made first where they are missing.
    """
    await roles.ensure_standard_roles(session)
    if await service.get_user_by_email(session, auth_settings.FIRST_SUPERUSER_EMAIL) is not None:
        return False
    admin = UserCreate(
        email=auth_settings.FIRST_SUPERUSER_EMAIL,
        password=auth_settings.FIRST_SUPERUSER_PASSWORD,
    )
    await service.create_user(session, admin, verified=True, roles=[ADMIN_ROLE])
    return True


async def main() -> None:
    configure_logging(core_settings)
    async with SessionFactory() as session:
        created = await create_first_admin(session)
        await session.commit()
    await engine.dispose()
    logger.info("first_admin", email=auth_settings.FIRST_SUPERUSER_EMAIL, created=created)


if __name__ == "__main__":
    asyncio.run(main())
