"""cases: statuses per kind, SLA policies, cases with their SLA clock, linked interactions, notes

Also the starting configuration: the statuses of every case kind, an `office` business calendar (Mon–Sat
07:30–17:00, Asia/Ho_Chi_Minh, the fixed-date Vietnamese holidays of the year the database is created
and the next; Tết and the Hùng Kings' day move every year, so admins add them) and an SLA policy for
every kind × priority (domain.cases.defaults). Operators edit all of it afterwards.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

import carecenter.adapters.db.types
from carecenter.domain.calendar.business_hours import vietnam_fixed_holidays
from carecenter.domain.cases.defaults import DEFAULT_POLICIES, DEFAULT_STATUSES, OFFICE_CALENDAR, OFFICE_HOURS

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "case_statuses",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("label_en", sa.String(length=200), nullable=False),
        sa.Column("label_vi", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_statuses")),
        sa.UniqueConstraint("tenant_id", "kind", "code", name=op.f("uq_case_statuses_tenant_id_kind_code")),
    )
    op.create_table(
        "sla_policies",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("segment", sa.String(length=16), nullable=True),
        sa.Column("first_response_s", sa.Integer(), nullable=False),
        sa.Column("resolution_s", sa.Integer(), nullable=False),
        sa.Column("warn_at", sa.Float(), server_default=sa.text("0.8"), nullable=False),
        sa.Column("breach_actions", sa.JSON(), nullable=False),
        sa.Column("calendar_code", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "calendar_code"],
            ["calendars.tenant_id", "calendars.code"],
            name=op.f("fk_sla_policies_tenant_id_calendars"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policies")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_sla_policies_tenant_id_code")),
    )
    _cases()
    op.create_table(
        "case_interactions",
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("case_id", _ID, nullable=False),
        sa.Column("interaction_id", _ID, nullable=False),
        sa.Column("relation", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_interactions_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_case_interactions_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "interaction_id", name=op.f("pk_case_interactions")),
    )
    with op.batch_alter_table("case_interactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_interactions_interaction_id"), ["interaction_id"], unique=False)
    op.create_table(
        "case_notes",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("case_id", _ID, nullable=False),
        sa.Column("author_id", _ID, nullable=False),
        sa.Column("at", carecenter.adapters.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_notes_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    with op.batch_alter_table("case_notes", schema=None) as batch_op:
        batch_op.create_index("ix_case_notes_case", ["case_id", "at"], unique=False)
    _reference_data()


def _cases() -> None:
    when = carecenter.adapters.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "cases",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status_code", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("subject_folded", sa.String(length=400), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("service_account_id", _ID, nullable=True),
        sa.Column("premise_id", _ID, nullable=True),
        sa.Column("department_id", _ID, nullable=True),
        sa.Column("team_id", _ID, nullable=True),
        sa.Column("assignee_id", _ID, nullable=True),
        sa.Column("opened_by", _ID, nullable=False),
        sa.Column("opened_at", when, nullable=False),
        sa.Column("updated_at", when, nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("parent_id", _ID, nullable=True),
        sa.Column("public_token", sa.String(length=64), nullable=False),
        sa.Column("resolution_code", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", when, nullable=True),
        sa.Column("closed_at", when, nullable=True),
        sa.Column("cause_code", sa.String(length=64), nullable=True),
        sa.Column("first_contact_resolution", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=True),
        sa.Column("custom", sa.JSON(), nullable=False),
        sa.Column("policy_code", sa.String(length=64), nullable=True),
        sa.Column("sla", sa.JSON(), nullable=True),
        sa.Column("sla_next_at", when, nullable=True),
        sa.Column("sla_warn_at", when, nullable=True),
        sa.Column("sla_due_at", when, nullable=True),
        sa.ForeignKeyConstraint(["assignee_id"], ["users.id"], name=op.f("fk_cases_assignee_id_users")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_cases_customer_id_customers")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_cases_department_id_departments")),
        sa.ForeignKeyConstraint(["parent_id"], ["cases.id"], name=op.f("fk_cases_parent_id_cases")),
        sa.ForeignKeyConstraint(["premise_id"], ["premises.id"], name=op.f("fk_cases_premise_id_premises")),
        sa.ForeignKeyConstraint(
            ["service_account_id"],
            ["service_accounts.id"],
            name=op.f("fk_cases_service_account_id_service_accounts"),
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_cases_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("public_token", name=op.f("uq_cases_public_token")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_cases_tenant_id_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_assignee", ["tenant_id", "assignee_id", "category"], unique=False)
        batch_op.create_index("ix_cases_category", ["tenant_id", "category", "opened_at"], unique=False)
        batch_op.create_index("ix_cases_customer", ["tenant_id", "customer_id", "opened_at"], unique=False)
        batch_op.create_index("ix_cases_department", ["tenant_id", "department_id", "category"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index("ix_cases_sla_due", ["tenant_id", "sla_due_at"], unique=False)
        batch_op.create_index("ix_cases_sla_next", ["tenant_id", "sla_next_at"], unique=False)


def _reference_data() -> None:
    calendars = sa.table(
        "calendars",
        sa.column("tenant_id"),
        sa.column("code"),
        sa.column("name"),
        sa.column("timezone"),
        sa.column("hours", sa.JSON),
        sa.column("holidays", sa.JSON),
    )
    statuses = sa.table(
        "case_statuses",
        *(sa.column(name) for name in ("tenant_id", "kind", "code", "label_en", "label_vi", "category", "position")),
    )
    policies = sa.table(
        "sla_policies",
        *(
            sa.column(name)
            for name in ("tenant_id", "code", "kind", "priority", "segment", "first_response_s", "resolution_s")
        ),
        sa.column("warn_at"),
        sa.column("breach_actions", sa.JSON),
        sa.column("calendar_code"),
    )
    # An admin may already have made an `office` calendar through the ACD admin: keep theirs.
    taken = op.get_bind().execute(
        sa.select(calendars.c.code).where(calendars.c.tenant_id == 1, calendars.c.code == OFFICE_CALENDAR)
    )
    if taken.first() is None:
        year = date.today().year
        holidays = sorted(day.isoformat() for day in vietnam_fixed_holidays(year) | vietnam_fixed_holidays(year + 1))
        op.bulk_insert(
            calendars,
            [
                {
                    "tenant_id": 1,
                    "code": OFFICE_CALENDAR,
                    "name": "Office hours",
                    "timezone": "Asia/Ho_Chi_Minh",
                    "hours": OFFICE_HOURS,
                    "holidays": holidays,
                }
            ],
        )
    op.bulk_insert(
        statuses,
        [
            {
                "tenant_id": 1,
                "kind": s.kind.value,
                "code": s.code,
                "label_en": s.label_en,
                "label_vi": s.label_vi,
                "category": s.category.value,
                "position": s.position,
            }
            for s in DEFAULT_STATUSES
        ],
    )
    op.bulk_insert(
        policies,
        [
            {
                "tenant_id": 1,
                "code": p.code,
                "kind": p.kind.value,
                "priority": p.priority.value,
                "segment": p.segment,
                "first_response_s": p.first_response_s,
                "resolution_s": p.resolution_s,
                "warn_at": p.warn_at,
                "breach_actions": [a.value for a in p.breach_actions],
                "calendar_code": p.calendar_code,
            }
            for p in DEFAULT_POLICIES
        ],
    )


def downgrade() -> None:
    for table in ("case_notes", "case_interactions", "cases", "sla_policies", "case_statuses"):
        op.drop_table(table)
    # The `office` calendar stays: queues may route by it by now, and an upgrade keeps an existing one.
