"""Stored files{% if "jwt" in features %}, each owned by a user{% endif %}.

The first revision of the `files` branch, which depends on the core's first revision only:
a project that turns file transfer on later runs it on a database already at head.

Revision ID: 0002
Revises:
Depends on: 0001 (core)
Create Date: 2026-01-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("files",)
depends_on: str | Sequence[str] | None = "0001"


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
{%- if "jwt" in features %}
        sa.Column("owner_id", sa.Integer(), nullable=False),
{%- endif %}
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
{%- if "jwt" in features %}
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_files_owner_id_users"),
            ondelete="CASCADE",
        ),
{%- endif %}
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_files_storage_key")),
    )
{%- if "jwt" in features %}
    op.create_index(op.f("ix_files_owner_id"), "files", ["owner_id"])
{%- endif %}


def downgrade() -> None:
    op.drop_table("files")
