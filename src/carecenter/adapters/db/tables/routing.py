"""The ACD's tables: configuration (skills, calendars, queues, agents' skills and capacities, teams'
capacities, not-ready reasons) and live state (each agent's presence with the claim column, each routed
contact's place).

Live state is what a restarted process rebuilds the routing engine from; the lifecycle itself is appended
to the shared `events` table (aggregate "contact" or "agent").
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
)

from carecenter.adapters.db.tables.base import metadata, tenant_column
from carecenter.adapters.db.types import BigId, UtcDateTime

skills = Table(
    "skills",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("tenant_id", "code"),
)


calendars = Table(
    "calendars",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("timezone", String(64), nullable=False, server_default="Asia/Ho_Chi_Minh"),
    Column("hours", JSON, nullable=False),  # {"mon-fri": "07:30-21:00", "sat": "08:00-12:00", "sun": "closed"}
    Column("holidays", JSON, nullable=False),  # ["2026-01-01", ...]
    UniqueConstraint("tenant_id", "code"),
)


queues = Table(
    "queues",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("media", String(8), nullable=False),
    Column("skill_code", String(64), nullable=False),
    Column("relax", JSON, nullable=False),  # [[seconds, min level], ...]
    Column("policy", String(16), nullable=False, server_default="longest_idle"),
    Column("offer_timeout_s", Float, nullable=False, server_default=text("20")),
    Column("wrap_up_s", Float, nullable=False, server_default=text("60")),
    Column("overflow_to", String(64)),
    Column("overflow_after_s", Float),
    Column("priority_boost", JSON, nullable=False),  # {"vip": 10}
    Column("sl_threshold_s", Float, nullable=False, server_default=text("20")),
    Column("sl_target", Float, nullable=False, server_default=text("0.8")),
    Column("calendar_code", String(64)),
    Column("emergency", Boolean, nullable=False, server_default=text("false")),
    UniqueConstraint("tenant_id", "code"),
)


agent_skills = Table(
    "agent_skills",
    metadata,
    tenant_column(),
    Column("user_id", BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("skill_code", String(64), nullable=False),
    Column("level", Integer, nullable=False),
    PrimaryKeyConstraint("user_id", "skill_code"),
)


agent_profiles = Table(
    "agent_profiles",
    metadata,
    tenant_column(),
    Column("user_id", BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("voice_capacity", Integer, nullable=False, server_default=text("1")),
    Column("chat_capacity", Integer, nullable=False, server_default=text("3")),
    Column("email_capacity", Integer, nullable=False, server_default=text("2")),
)


# A team's capacity lives here rather than in nullable columns on `teams`: `teams` belongs to user
# administration (users.admin), capacity to the ACD's configuration (acd.admin), like `agent_profiles`
# beside `users`. No row: the team's agents without a capacity of their own get the default.
team_capacity = Table(
    "team_capacity",
    metadata,
    tenant_column(),
    Column("team_id", BigId, ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("voice_capacity", Integer, nullable=False),
    Column("chat_capacity", Integer, nullable=False),
    Column("email_capacity", Integer, nullable=False),
)


not_ready_reasons = Table(
    "not_ready_reasons",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("code", String(64), nullable=False),
    Column("label_en", String(200), nullable=False),
    Column("label_vi", String(200), nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    UniqueConstraint("tenant_id", "code"),
)


agent_state = Table(
    "agent_state",
    metadata,
    tenant_column(),
    Column("user_id", BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("presence", String(16), nullable=False),
    Column("reason", String(64)),
    Column("since", UtcDateTime, nullable=False),
    Column("free_since", UtcDateTime, nullable=False),
    # The claim: an offer is only made by `UPDATE ... SET offer_contact_id = :c WHERE presence = 'ready'
    # AND offer_contact_id IS NULL`, so two routers (or a stale one) can never ring one agent twice.
    Column("offer_contact_id", BigId),
    Column("version", Integer, nullable=False, server_default=text("0")),
)


routing_contacts = Table(
    "routing_contacts",
    metadata,
    tenant_column(),
    Column("interaction_id", BigId, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True),
    Column("queue", String(64), nullable=False),
    Column("priority", Integer, nullable=False, server_default=text("0")),
    Column("segment", String(32)),
    Column("seq", BigId, nullable=False),
    Column("arrived_at", UtcDateTime, nullable=False),
    Column("entered_at", UtcDateTime, nullable=False),
    Column("stage", String(16), nullable=False),  # waiting | offered | connected | wrap_up
    Column("agent_id", BigId, ForeignKey("users.id")),
    Column("callback", Boolean, nullable=False, server_default=text("false")),
    Column("offered_at", UtcDateTime),
    Column("wrap_until", UtcDateTime),
    Index("ix_routing_contacts_agent", "tenant_id", "agent_id"),
)


acd_inbox = Table(
    "acd_inbox",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    # Routing steps taken by a `serve` worker that does not run the router: the routing worker executes
    # them in id order and writes the outcome back; the asking worker waits for it.
    Column("command", String(32), nullable=False),
    Column("args", JSON, nullable=False),
    Column("status", String(8), nullable=False, server_default="pending"),  # pending | done | failed
    Column("result", JSON),
    Column("created_at", UtcDateTime, nullable=False),
    Column("done_at", UtcDateTime),
    Index("ix_acd_inbox_pending", "tenant_id", "status", "id"),
)
