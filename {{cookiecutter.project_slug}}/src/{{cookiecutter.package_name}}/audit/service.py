"""Record security events and read them back; raises domain errors, never HTTP ones.

Each event is a structured log line (with the request id, which every line of the request
carries) and a row in the request's transaction. The lockout reads the rows: an account's
failed sign-ins since its last successful one.
"""

from datetime import datetime
from typing import NamedTuple

import structlog
from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from ..db.pagination import PageParams, fetch_page
from .models import SecurityEvent
from .schemas import EventKind

logger = structlog.get_logger("security")


def record(
    session: AsyncSession,
    kind: EventKind,
    user_id: int | None,
    *,
    session_id: int | None = None,
    address: str | None = None,
) -> None:
    """Log the event and add its row to the session's transaction."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    logger.info(
        "security_event",
        kind=kind.value,
        user_id=user_id,
        session_id=session_id,
        address=address,
    )
    session.add(
        SecurityEvent(
            kind=kind,
            user_id=user_id,
            session_id=session_id,
            address=address,
            request_id=request_id,
        )
    )


class Failures(NamedTuple):
    """An account's failed sign-ins since its last successful one."""

    failed: int
    last_at: datetime | None


def failures_since_success(
    user_id: InstrumentedAttribute[int],
) -> tuple[ScalarSelect[int], ScalarSelect[datetime]]:
    """How many sign-ins to the account `user_id` names failed since its last successful
    one, and when the last did: two columns for a statement that reads the account, so the
    lockout costs no round trip of its own.
    """
    # The table's own alias, not the model's: aliasing a model would configure the mappers
    # while the models are still being imported.
    success = SecurityEvent.__table__.alias("success")
    last_success = (
        select(func.coalesce(func.max(success.c.id), 0))
        .where(success.c.user_id == user_id, success.c.kind == EventKind.SIGN_IN_SUCCEEDED)
        .correlate_except(success)
        .scalar_subquery()
    )
    failed = (
        SecurityEvent.user_id == user_id,
        SecurityEvent.kind == EventKind.SIGN_IN_FAILED,
        SecurityEvent.id > last_success,
    )
    count = select(func.count()).select_from(SecurityEvent).where(*failed)
    last_at = select(func.max(SecurityEvent.created_at)).where(*failed)
    return (
        count.correlate_except(SecurityEvent).scalar_subquery(),
        last_at.correlate_except(SecurityEvent).scalar_subquery(),
    )


async def list_events(
    session: AsyncSession, page: PageParams, user_id: int | None, kind: EventKind | None
) -> tuple[list[SecurityEvent], int]:
    """A page of events, the newest first, of one account or kind if given."""
    query = select(SecurityEvent).order_by(SecurityEvent.id.desc())
    if user_id is not None:
        query = query.where(SecurityEvent.user_id == user_id)
    if kind is not None:
        query = query.where(SecurityEvent.kind == kind)
    return await fetch_page(session, query, page)
