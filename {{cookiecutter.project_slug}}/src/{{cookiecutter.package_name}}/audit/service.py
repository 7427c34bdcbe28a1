"""Record security events and read them back; raises domain errors, never HTTP ones.

Each event is a structured log line (with the request id, which every line of the request
carries) and a row in the request's transaction. The lockout reads the rows: an account's
failed sign-ins since its last successful one.
"""

from datetime import datetime, timedelta
from typing import NamedTuple

import structlog
from sqlalchemy import ScalarSelect, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from ..db.base import utcnow
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


async def record_unless_recent(
    session: AsyncSession, kind: EventKind, user_id: int, interval: timedelta
) -> bool:
    """Record the event unless the account had one of this kind within `interval` (none
    when it is zero); True if it did. It throttles, per account, what anyone may ask for in
    an account's name.
    """
    recent = select(SecurityEvent.id).where(
        SecurityEvent.user_id == user_id,
        SecurityEvent.kind == kind,
        SecurityEvent.created_at > utcnow() - interval,
    )
    if interval and await session.scalar(recent.limit(1)) is not None:
        return False
    record(session, kind, user_id)
    return True


# How many old events one sign-in forgets at most, so none waits long on a backlog.
PRUNED_AT_ONCE = 1000


async def forget_older_than(session: AsyncSession, age: timedelta) -> None:
    """Delete up to PRUNED_AT_ONCE of the oldest events if they are older than `age`. Ids
    grow with time, so when the oldest event is recent this costs one row read by primary key.
    """
    cutoff = utcnow() - age
    oldest = await session.scalar(
        select(SecurityEvent.created_at).order_by(SecurityEvent.id).limit(1)
    )
    if oldest is None or oldest >= cutoff:
        return
    batch = select(SecurityEvent.id).order_by(SecurityEvent.id).limit(PRUNED_AT_ONCE)
    await session.execute(
        delete(SecurityEvent).where(
            SecurityEvent.id.in_(batch.scalar_subquery()), SecurityEvent.created_at < cutoff
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
