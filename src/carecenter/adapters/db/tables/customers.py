"""Customers, their identities and premises, the search document, and the records of imports and merges."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)

from carecenter.adapters.db.tables.base import metadata, tenant_column
from carecenter.adapters.db.types import BigId, UtcDateTime

customers = Table(
    "customers",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
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
    tenant_column(),
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
    tenant_column(),
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


customer_search = Table(
    # Folded search document per customer (see domain/search/folding.py). SQLite indexes it with an
    # FTS5 table kept in step by triggers; PostgreSQL with a GIN index on to_tsvector('simple', ...).
    "customer_search",
    metadata,
    Column("customer_id", BigId, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True),
    tenant_column(),
    Column("document", Text, nullable=False),
)


import_batches = Table(
    "import_batches",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
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
    tenant_column(),
    Column("kept_id", BigId, ForeignKey("customers.id"), nullable=False),
    Column("merged_id", BigId, ForeignKey("customers.id"), nullable=False),
    Column("actor_id", BigId),
    Column("at", UtcDateTime, nullable=False),
)
