"""Roles, which give users their permissions, in place of the superuser flag.

Every account that exists when this runs gets the `member` role (reading and writing its own
items, as before); each superuser also gets `admin`, which holds every permission there is
now. The superuser flag is dropped; downgrading sets it again for the holders of `admin`.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The permissions as this revision knows them; later ones that add permissions grant them.
ADMIN = "items:manage items:read items:write users:manage users:read"
MEMBER = "items:read items:write"


def upgrade() -> None:
    roles = op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("permissions", sa.String(length=1000), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_user_roles_role_id_roles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_roles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "role_id", name=op.f("pk_user_roles")),
    )
    op.create_index(op.f("ix_user_roles_role_id"), "user_roles", ["role_id"])
    op.bulk_insert(
        roles,
        [
            {"id": 1, "name": "admin", "description": "Everything", "permissions": ADMIN},
            {"id": 2, "name": "member", "description": "Their own items", "permissions": MEMBER},
        ],
    )
    op.execute("INSERT INTO user_roles (user_id, role_id) SELECT id, 2 FROM users")
    op.execute(
        "INSERT INTO user_roles (user_id, role_id) SELECT id, 1 FROM users WHERE is_superuser"
    )
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("permissions_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.drop_column("is_superuser")
    if op.get_bind().dialect.name == "postgresql":  # the ids above were not drawn from it
        op.execute("SELECT setval('roles_id_seq', (SELECT max(id) FROM roles))")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("is_superuser", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.drop_column("permissions_version")
    op.execute(
        "UPDATE users SET is_superuser = true WHERE id IN (SELECT user_roles.user_id FROM"
        " user_roles JOIN roles ON roles.id = user_roles.role_id WHERE roles.name = 'admin')"
    )
    with op.batch_alter_table("users") as batch_op:  # as 0001 made it: no server default
        batch_op.alter_column("is_superuser", server_default=None)
    op.drop_table("user_roles")
    op.drop_table("roles")
