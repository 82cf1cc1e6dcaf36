"""Cases (tickets): their configurable statuses, the SLA policies, the cases themselves, the interactions
that raised or touched them, and their follow-up sheet (notes).

A case's SLA clock is stored as JSON (`sla`: the segments with policy code, start and paused flag, plus
responded_at and resolved_at) and rebuilt from the policies on read. Three instants derived from it
after every change are columns, because queries select by them: `sla_next_at` (the job runner's next
timer), `sla_warn_at` and `sla_due_at` (first in warning, first breached; they hold until the next change,
so the at-risk list is right at any moment without waiting for the runner).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from carecenter.adapters.db.tables.base import metadata, tenant_column
from carecenter.adapters.db.types import BigId, UtcDateTime

case_statuses = Table(
    "case_statuses",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("kind", String(16), nullable=False),
    Column("code", String(64), nullable=False),
    Column("label_en", String(200), nullable=False),
    Column("label_vi", String(200), nullable=False),
    Column("category", String(32), nullable=False),  # a domain.cases.model.StatusCategory value
    Column("position", Integer, nullable=False, server_default=text("0")),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    UniqueConstraint("tenant_id", "kind", "code"),
)


sla_policies = Table(
    "sla_policies",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("code", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("priority", String(16), nullable=False),
    Column("segment", String(16)),  # None: any segment
    Column("first_response_s", Integer, nullable=False),
    Column("resolution_s", Integer, nullable=False),
    Column("warn_at", Float, nullable=False, server_default=text("0.8")),
    Column("breach_actions", JSON, nullable=False),  # ["escalate", "notify"]
    Column("calendar_code", String(64), nullable=False),
    UniqueConstraint("tenant_id", "code"),
    ForeignKeyConstraint(["tenant_id", "calendar_code"], ["calendars.tenant_id", "calendars.code"]),
)


cases = Table(
    "cases",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("number", String(32), nullable=False),  # "C-000123", from the id (domain.cases.case.case_number)
    Column("kind", String(16), nullable=False),
    Column("status_code", String(64), nullable=False),
    Column("category", String(32), nullable=False),  # the status's category, copied for queries
    Column("priority", String(16), nullable=False),
    Column("subject", String(200), nullable=False),
    # The subject folded (lower case, no diacritics, đ -> d), so "mat mang" finds "Mất mạng" on both databases.
    Column("subject_folded", String(400), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("customer_id", BigId, ForeignKey("customers.id"), nullable=False),
    Column("service_account_id", BigId, ForeignKey("service_accounts.id")),
    Column("premise_id", BigId, ForeignKey("premises.id")),
    Column("department_id", BigId, ForeignKey("departments.id")),
    Column("team_id", BigId, ForeignKey("teams.id")),
    Column("assignee_id", BigId, ForeignKey("users.id")),
    # No foreign key on who opened or wrote: the IVR and self-service act as the system (user 0), as in events.
    Column("opened_by", BigId, nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("parent_id", BigId, ForeignKey("cases.id"), index=True),  # the master incident
    Column("public_token", String(64), nullable=False, unique=True),
    Column("resolution_code", String(64)),
    Column("resolved_at", UtcDateTime),
    Column("closed_at", UtcDateTime),
    Column("cause_code", String(64)),  # complaints: the cause category
    Column("first_contact_resolution", Boolean, nullable=False, server_default=text("false")),
    Column("region_code", String(32)),  # the customer's at opening, for per-region reports
    Column("custom", JSON, nullable=False),
    Column("policy_code", String(64)),
    Column("sla", JSON),
    Column("sla_next_at", UtcDateTime),
    Column("sla_warn_at", UtcDateTime),
    Column("sla_due_at", UtcDateTime),
    # The SLA job runner (adapters/jobs/sla_timers.py): who holds the case's due timer and until when (a
    # lease, taken by one conditional UPDATE), the alarms already acted on (["resolution.warning", …],
    # written in the transaction of the actions) and when a breach escalated the case.
    Column("claimed_by", String(64)),
    Column("claimed_until", UtcDateTime),
    Column("sla_fired", JSON),
    Column("escalated_at", UtcDateTime),
    UniqueConstraint("tenant_id", "number"),
    Index("ix_cases_sla_next", "tenant_id", "sla_next_at"),  # the job runner claims timers by it
    Index("ix_cases_sla_due", "tenant_id", "sla_due_at"),  # the at-risk list, soonest due first
    Index("ix_cases_category", "tenant_id", "category", "opened_at"),
    Index("ix_cases_customer", "tenant_id", "customer_id", "opened_at"),
    Index("ix_cases_department", "tenant_id", "department_id", "category"),
    Index("ix_cases_assignee", "tenant_id", "assignee_id", "category"),
)


case_interactions = Table(
    "case_interactions",
    metadata,
    tenant_column(),
    Column("case_id", BigId, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("interaction_id", BigId, ForeignKey("interactions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("relation", String(8), nullable=False),  # raised | touched
    PrimaryKeyConstraint("case_id", "interaction_id"),
)


case_notes = Table(
    "case_notes",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("case_id", BigId, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", BigId, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("kind", String(8), nullable=False),  # note | action | contact
    Column("text", Text, nullable=False),
    Index("ix_case_notes_case", "case_id", "at"),
)
