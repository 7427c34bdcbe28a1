"""The sign-in session table: one row a sign-in, removed when the session ends."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db.base import Base, UTCDateTime, utcnow


class SignInSession(Base):
    __tablename__ = "sign_in_sessions"
    # Never reuse an ended session's id, which its tokens still name (SQLite would).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the one refresh token that may be used next: a token is random and signed,
    # so a slow hash would add nothing. Any other token of this session has been used.
    refresh_digest: Mapped[str] = mapped_column(String(64))
    client: Mapped[str] = mapped_column(String(255))  # the User-Agent it signed in with
    address: Mapped[str | None] = mapped_column(String(45))  # the client's IP address
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When its refresh token stops working, unless a refresh moves it on first.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
