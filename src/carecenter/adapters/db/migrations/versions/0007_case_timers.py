"""case timers: the SLA job runner's claim (claimed_by, claimed_until), what it already acted on
(sla_fired) and when a case was escalated

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import carecenter.adapters.db.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = carecenter.adapters.db.types.UtcDateTime(timezone=True)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", when, nullable=True))
        batch_op.add_column(sa.Column("sla_fired", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("escalated_at", when, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("escalated_at")
        batch_op.drop_column("sla_fired")
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
