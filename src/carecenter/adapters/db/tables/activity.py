"""What happens: interactions and their contact reasons, the append-only event log, and the outbox
of customer notices."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from carecenter.adapters.db.tables.base import metadata, tenant_column
from carecenter.adapters.db.types import BigId, UtcDateTime

contact_reasons = Table(
    "contact_reasons",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("code", String(120), nullable=False),
    Column("label_en", String(200), nullable=False),
    Column("label_vi", String(200), nullable=False),
    # A retired reason is no longer chosen for new contacts; it still labels the ones that carry it.
    Column("active", Boolean, nullable=False, server_default=text("true")),
    UniqueConstraint("tenant_id", "code"),
)


interactions = Table(
    "interactions",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="SET NULL")),
    Column("channel", String(16), nullable=False),
    Column("direction", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("queue", String(64)),
    Column("agent_id", BigId, ForeignKey("users.id")),
    Column("reason_code", String(120)),
    Column("notes", Text, nullable=False, server_default=""),
    Column("outcome", String(64)),
    Column("identity", String(254)),
    Index("ix_interactions_customer_started", "customer_id", "started_at"),
    Index("ix_interactions_started", "tenant_id", "started_at"),
)


events = Table(
    "events",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("type", String(64), nullable=False),
    Column("aggregate", String(32), nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("actor_id", BigId),
    Column("payload", JSON, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_events_aggregate", "tenant_id", "aggregate", "aggregate_id"),
    Index("ix_events_at", "tenant_id", "at"),  # the day's events, for live projections (wallboard)
)


outbox = Table(
    "outbox",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("channel", String(16), nullable=False),
    Column("recipient", String(254)),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="SET NULL")),
    Column("template", String(64), nullable=False),
    Column("locale", String(8), nullable=False, server_default="vi"),
    Column("payload", JSON, nullable=False),
    Column("status", String(16), nullable=False, server_default="queued"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime),
)
