"""acd inbox: routing steps handed from `serve` workers to the one worker that runs the router

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import carecenter.adapters.db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acd_inbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("command", sa.String(length=32), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("created_at", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("done_at", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acd_inbox")),
    )
    with op.batch_alter_table("acd_inbox", schema=None) as batch_op:
        batch_op.create_index("ix_acd_inbox_pending", ["tenant_id", "status", "id"], unique=False)


def downgrade() -> None:
    op.drop_table("acd_inbox")
