"""reason codes and team capacity: contact reasons can be retired; a team's capacity for its agents

A retired contact reason (`active` false) is no longer chosen at wrap-up but still labels the contacts
that carry it. `team_capacity` holds the contacts per media that agents of a team without a capacity of
their own may hold at once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_reasons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False))
    op.create_table(
        "team_capacity",
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("voice_capacity", sa.Integer(), nullable=False),
        sa.Column("chat_capacity", sa.Integer(), nullable=False),
        sa.Column("email_capacity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_capacity_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_team_capacity")),
    )


def downgrade() -> None:
    op.drop_table("team_capacity")
    with op.batch_alter_table("contact_reasons", schema=None) as batch_op:
        batch_op.drop_column("active")
