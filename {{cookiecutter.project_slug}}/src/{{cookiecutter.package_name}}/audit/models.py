"""The security event table: one row an event, never changed."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UTCDateTime, utcnow


class SecurityEvent(Base):
    __tablename__ = "security_events"
    # An account's events of one kind, newest last: what the lockout and the filters read.
    __table_args__ = (Index("ix_security_events_user_id_kind_id", "user_id", "kind", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # The account it happened to; none for a failed sign-in to an address no account has.
    # The events outlive the account, which ends its link to them.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    session_id: Mapped[int | None]  # the sign-in session it started or ended, if any
    address: Mapped[str | None] = mapped_column(String(45))  # the client's, where known
    request_id: Mapped[str | None] = mapped_column(String(64))  # its access log line's
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
