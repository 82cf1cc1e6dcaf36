"""Every table, as SQLAlchemy Core. `tenant_id` is on every table from day one (Citus distribution).

Core rather than ORM classes: repositories map rows to the domain's frozen dataclasses explicitly, and
the hot read path (identify -> customer 360) stays a handful of indexed SELECTs.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from carecenter.adapters.db.types import BigId, UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _tenant() -> Column[int]:
    return Column("tenant_id", Integer, nullable=False, server_default=text("1"))


tenants = Table(
    "tenants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", Integer, nullable=False, server_default=text("1")),  # itself, for uniformity
    Column("name", String(200), nullable=False),
    Column("timezone", String(64), nullable=False, server_default="Asia/Ho_Chi_Minh"),
)

regions = Table(
    "regions",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("tenant_id", "code"),
)

branches = Table(
    "branches",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("region_code", String(32), nullable=False),
    UniqueConstraint("tenant_id", "code"),
)

departments = Table(
    "departments",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("name", String(200), nullable=False),
    Column("region_code", String(32)),
    UniqueConstraint("tenant_id", "name"),
)

teams = Table(
    "teams",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("name", String(200), nullable=False),
    Column("department_id", BigId, ForeignKey("departments.id")),
    UniqueConstraint("tenant_id", "name"),
)

users = Table(
    "users",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("username", String(64), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(32), nullable=False),
    Column("team_id", BigId, ForeignKey("teams.id")),
    Column("department_id", BigId, ForeignKey("departments.id")),
    Column("region_code", String(32)),
    Column("all_regions", Boolean, nullable=False, server_default=text("false")),
    Column("locale", String(8), nullable=False, server_default="en"),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("tenant_id", "username"),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    _tenant(),
    Column("user_id", BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("user_id", BigId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_used_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("username", String(64), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_login_failures_lookup", "tenant_id", "username", "at"),
)

customers = Table(
    "customers",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("kind", String(16), nullable=False),
    Column("name", String(300), nullable=False),
    Column("segment", String(16), nullable=False, server_default="residential"),
    Column("region_code", String(32)),
    Column("branch_code", String(32)),
    Column("date_of_birth", Date),
    Column("consent_marketing", Boolean, nullable=False, server_default=text("false")),
    Column("consent_data_processing", Boolean, nullable=False, server_default=text("true")),
    Column("erased_at", UtcDateTime),
    Column("merged_into_id", BigId, ForeignKey("customers.id")),
    Column("source", String(64)),  # which branch system it came from
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default=text("1")),
    Index("ix_customers_region", "tenant_id", "region_code"),
)

identities = Table(
    "identities",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", String(254), nullable=False),
    Column("is_primary", Boolean, nullable=False, server_default=text("false")),
    # Not unique: two branch records may share a phone until someone merges them.
    Index("ix_identities_lookup", "tenant_id", "kind", "value"),
    Index("ix_identities_customer", "customer_id"),
)

premises = Table(
    "premises",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("address_line", String(300), nullable=False),
    Column("ward_code", String(16)),
    Column("ward_name", String(200)),
    Column("province_code", String(16)),
    Column("province_name", String(200)),
    Column("old_province", String(200)),
    Column("old_district", String(200)),
    Column("old_ward", String(200)),
    Column("network_node", String(64)),
)

products = Table(
    "products",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("service_kind", String(16), nullable=False),
    Column("monthly_fee_vnd", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    UniqueConstraint("tenant_id", "code"),
)

promotions = Table(
    "promotions",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("product_code", String(64)),
    Column("discount_percent", Integer, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    UniqueConstraint("tenant_id", "code"),
)

service_accounts = Table(
    "service_accounts",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("premise_id", BigId, ForeignKey("premises.id")),
    Column("account_number", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("product_code", String(64)),
    Column("meter_number", String(64)),
    Column("activated_on", Date),
    Column("version", Integer, nullable=False, server_default=text("1")),
    UniqueConstraint("tenant_id", "account_number"),
    Index("ix_service_accounts_meter", "tenant_id", "meter_number"),
)

service_changes = Table(
    "service_changes",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column(
        "service_account_id",
        BigId,
        ForeignKey("service_accounts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("action", String(32), nullable=False),
    Column("from_value", String(64)),
    Column("to_value", String(64)),
    Column("reason", Text, nullable=False, server_default=""),
    Column("actor_id", BigId, ForeignKey("users.id")),
    Column("at", UtcDateTime, nullable=False),
)

bills = Table(
    "bills",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
    Column("service_account_id", BigId, ForeignKey("service_accounts.id", ondelete="CASCADE"), nullable=False),
    Column("period", String(7), nullable=False),
    Column("amount_vnd", BigInteger, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("paid_vnd", BigInteger, nullable=False, server_default=text("0")),
    Index("ix_bills_customer_period", "customer_id", "period"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("bill_id", BigId, ForeignKey("bills.id", ondelete="CASCADE")),
    Column("amount_vnd", BigInteger, nullable=False),
    Column("paid_at", UtcDateTime, nullable=False),
    Column("method", String(32), nullable=False),
)

segment_rules = Table(
    "segment_rules",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("position", Integer, nullable=False),
    Column("segment", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("params", JSON, nullable=False),
)

contact_reasons = Table(
    "contact_reasons",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("code", String(120), nullable=False),
    Column("label_en", String(200), nullable=False),
    Column("label_vi", String(200), nullable=False),
    UniqueConstraint("tenant_id", "code"),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
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

customer_search = Table(
    # Folded search document per customer (see domain/search/folding.py). SQLite indexes it with an
    # FTS5 table kept in step by triggers; PostgreSQL with a GIN index on to_tsvector('simple', ...).
    "customer_search",
    metadata,
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True),
    _tenant(),
    Column("document", Text, nullable=False),
)

read_audit = Table(
    "read_audit",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("user_id", BigId, nullable=False),
    Column("customer_id", BigId, nullable=False),
    Column("screen", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_read_audit_customer", "tenant_id", "customer_id", "at"),
    Index("ix_read_audit_at", "tenant_id", "at"),
)

events = Table(
    "events",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("type", String(64), nullable=False),
    Column("aggregate", String(32), nullable=False),
    Column("aggregate_id", String(64), nullable=False),
    Column("actor_id", BigId),
    Column("payload", JSON, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_events_aggregate", "tenant_id", "aggregate", "aggregate_id"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
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

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("filename", String(300), nullable=False),
    Column("source", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # rejected | imported
    Column("rows_total", Integer, nullable=False),
    Column("rows_imported", Integer, nullable=False),
    Column("report", JSON, nullable=False),
    Column("actor_id", BigId),
    Column("created_at", UtcDateTime, nullable=False),
)

merges = Table(
    "merges",
    metadata,
    Column("id", BigId, primary_key=True),
    _tenant(),
    Column("kept_id", BigId, ForeignKey("customers.id"), nullable=False),
    Column("merged_id", BigId, ForeignKey("customers.id"), nullable=False),
    Column("actor_id", BigId),
    Column("at", UtcDateTime, nullable=False),
)
