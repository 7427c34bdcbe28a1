"""The user table, and the roles that give users their permissions."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.base import Base, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from ..items.models import Item


user_roles = Table(
    "user_roles",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Role(TimestampMixin, Base):
    """A named set of permissions (credentials/scopes.py names them all)."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(255), default="")
    permissions: Mapped[str] = mapped_column(String(1000))  # space-separated, like scopes

    @property
    def permission_set(self) -> frozenset[str]:
        return frozenset(self.permissions.split())


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    hashed_password: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Counts changes to what the user's roles permit. A token carries the count it was
    # issued at, and one carrying an older count is refused: the change takes effect on the
    # next request, and a refresh hands out tokens with the new permissions.
    permissions_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the owner of `email` opened a link sent to it; None until then.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[Role]] = relationship(
        secondary=user_roles, lazy="selectin", order_by=Role.name
    )
    items: Mapped[list[{{ "Item" | forward_ref }}]] = relationship(
        back_populates="owner", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def permissions(self) -> frozenset[str]:
        """What the user's roles permit, together."""
        return frozenset().union(*(role.permission_set for role in self.roles))

    @property
    def role_names(self) -> list[str]:
        return [role.name for role in self.roles]
