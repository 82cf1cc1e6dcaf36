"""routing: skills, calendars, queues, agents' skills and capacities, not-ready reasons, live ACD state

Also the starting configuration a fresh install routes with: one skill "general", an always-open
calendar, one queue per media and the usual not-ready reasons. Operators edit all of it afterwards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import carecenter.adapters.db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NOT_READY_REASONS = [
    ("break", "Break", "Nghỉ giải lao"),
    ("lunch", "Lunch", "Nghỉ trưa"),
    ("meeting", "Meeting", "Họp"),
    ("training", "Training", "Đào tạo"),
    ("coaching", "Coaching", "Kèm cặp"),
    ("back_office", "Back-office work", "Xử lý hồ sơ"),
    ("missed", "Missed an offer", "Lỡ cuộc gọi"),
    ("rejected", "Declined an offer", "Từ chối cuộc gọi"),
]
TABLES = [
    "routing_contacts",
    "agent_state",
    "agent_skills",
    "agent_profiles",
    "skills",
    "queues",
    "not_ready_reasons",
    "calendars",
]


def upgrade() -> None:
    op.create_table(
        "calendars",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), server_default="Asia/Ho_Chi_Minh", nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendars")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_calendars_tenant_id_code")),
    )
    op.create_table(
        "not_ready_reasons",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_vi", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_not_ready_reasons")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_not_ready_reasons_tenant_id_code")),
    )
    op.create_table(
        "queues",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("media", sa.String(length=8), nullable=False),
        sa.Column("skill_code", sa.String(length=64), nullable=False),
        sa.Column("relax", sa.JSON(), nullable=False),
        sa.Column("policy", sa.String(length=16), server_default="longest_idle", nullable=False),
        sa.Column("offer_timeout_s", sa.Float(), server_default=sa.text("20"), nullable=False),
        sa.Column("wrap_up_s", sa.Float(), server_default=sa.text("60"), nullable=False),
        sa.Column("overflow_to", sa.String(length=64), nullable=True),
        sa.Column("overflow_after_s", sa.Float(), nullable=True),
        sa.Column("priority_boost", sa.JSON(), nullable=False),
        sa.Column("sl_threshold_s", sa.Float(), server_default=sa.text("20"), nullable=False),
        sa.Column("sl_target", sa.Float(), server_default=sa.text("0.8"), nullable=False),
        sa.Column("calendar_code", sa.String(length=64), nullable=True),
        sa.Column("emergency", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queues")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_queues_tenant_id_code")),
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_skills_tenant_id_code")),
    )
    op.create_table(
        "agent_profiles",
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("voice_capacity", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("chat_capacity", sa.Integer(), server_default=sa.text("3"), nullable=False),
        sa.Column("email_capacity", sa.Integer(), server_default=sa.text("2"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_agent_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_profiles")),
    )
    op.create_table(
        "agent_skills",
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("skill_code", sa.String(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_agent_skills_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "skill_code", name=op.f("pk_agent_skills")),
    )
    op.create_table(
        "agent_state",
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("presence", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("since", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("free_since", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("offer_contact_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_agent_state_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_state")),
    )
    op.create_table(
        "routing_contacts",
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("interaction_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("queue", sa.String(length=64), nullable=False),
        sa.Column("priority", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("segment", sa.String(length=32), nullable=True),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("arrived_at", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("entered_at", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("agent_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("callback", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("offered_at", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("wrap_until", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["users.id"], name=op.f("fk_routing_contacts_agent_id_users")),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_routing_contacts_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", name=op.f("pk_routing_contacts")),
    )
    with op.batch_alter_table("routing_contacts", schema=None) as batch_op:
        batch_op.create_index("ix_routing_contacts_agent", ["tenant_id", "agent_id"], unique=False)

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_at", ["tenant_id", "at"], unique=False)
    _reference_data()


def _reference_data() -> None:
    skills = sa.table("skills", sa.column("tenant_id"), sa.column("code"), sa.column("name"))
    calendars = sa.table(
        "calendars",
        sa.column("tenant_id"),
        sa.column("code"),
        sa.column("name"),
        sa.column("hours", sa.JSON),
        sa.column("holidays", sa.JSON),
    )
    queues = sa.table(
        "queues",
        sa.column("tenant_id"),
        sa.column("code"),
        sa.column("name"),
        sa.column("media"),
        sa.column("skill_code"),
        sa.column("relax", sa.JSON),
        sa.column("priority_boost", sa.JSON),
        sa.column("calendar_code"),
    )
    reasons = sa.table(
        "not_ready_reasons", sa.column("tenant_id"), sa.column("code"), sa.column("label_en"), sa.column("label_vi")
    )
    op.bulk_insert(skills, [{"tenant_id": 1, "code": "general", "name": "General care"}])
    op.bulk_insert(
        calendars,
        [{"tenant_id": 1, "code": "24x7", "name": "Always open", "hours": {"mon-sun": "24h"}, "holidays": []}],
    )
    op.bulk_insert(
        queues,
        [
            {
                "tenant_id": 1,
                "code": f"{media}.general",
                "name": f"General ({media})",
                "media": media,
                "skill_code": "general",
                "relax": [[0, 1]],
                "priority_boost": {"vip": 10},
                "calendar_code": "24x7",
            }
            for media in ("voice", "chat", "email")
        ],
    )
    op.bulk_insert(
        reasons, [{"tenant_id": 1, "code": c, "label_en": en, "label_vi": vi} for c, en, vi in NOT_READY_REASONS]
    )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_at")
    for table in TABLES:
        op.drop_table(table)
