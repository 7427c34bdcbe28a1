"""When each account's e-mail address was verified.

Accounts that exist when this runs signed up before addresses were verified: they count as
verified, so none of them is locked out by SIGN_IN_REQUIRES_VERIFIED_EMAIL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 00:00:02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE users SET email_verified_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("email_verified_at")
