"""The catalogue (products, promotions, segment rules), service accounts and their changes, bills and payments."""

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
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from carecenter.adapters.db.tables.base import metadata, tenant_column
from carecenter.adapters.db.types import BigId, UtcDateTime

products = Table(
    "products",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
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
    tenant_column(),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("product_code", String(64)),
    Column("discount_percent", Integer, nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    UniqueConstraint("tenant_id", "code"),
)


segment_rules = Table(
    "segment_rules",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("position", Integer, nullable=False),
    Column("segment", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("params", JSON, nullable=False),
)


service_accounts = Table(
    "service_accounts",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
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
    tenant_column(),
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
    tenant_column(),
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
    tenant_column(),
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("bill_id", BigId, ForeignKey("bills.id", ondelete="CASCADE")),
    Column("amount_vnd", BigInteger, nullable=False),
    Column("paid_at", UtcDateTime, nullable=False),
    Column("method", String(32), nullable=False),
)
