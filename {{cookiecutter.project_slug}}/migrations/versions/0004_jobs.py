"""Background jobs{% if "jwt" in features %}, each owned by a user{% endif %}.

The first revision of the `jobs` branch, which depends on the core's first revision only:
a project that turns background jobs on later runs it on a database already at head.

Revision ID: 0004
Revises:
Depends on: 0001 (core)
Create Date: 2026-01-03 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("jobs",)
depends_on: str | Sequence[str] | None = "0001"


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
{%- if "jwt" in features %}
        sa.Column("owner_id", sa.Integer(), nullable=False),
{%- endif %}
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
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
            name=op.f("fk_jobs_owner_id_users"),
            ondelete="CASCADE",
        ),
{%- endif %}
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_finished_at"), "jobs", ["finished_at"])
{%- if "jwt" in features %}
    op.create_index(op.f("ix_jobs_owner_id"), "jobs", ["owner_id"])
{%- endif %}


def downgrade() -> None:
    op.drop_table("jobs")
