"""Tenants, regions and branches, and the people who work in the centre: users, teams, departments,
their login sessions, API tokens, failed logins, and the read audit of customers' personal data."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)

from carecenter.adapters.db.tables.base import metadata, tenant_column
from carecenter.adapters.db.types import BigId, UtcDateTime

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
    tenant_column(),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("tenant_id", "code"),
)


branches = Table(
    "branches",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("region_code", String(32), nullable=False),
    UniqueConstraint("tenant_id", "code"),
)


departments = Table(
    "departments",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("name", String(200), nullable=False),
    Column("region_code", String(32)),
    UniqueConstraint("tenant_id", "name"),
)


teams = Table(
    "teams",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("name", String(200), nullable=False),
    Column("department_id", BigId, ForeignKey("departments.id")),
    UniqueConstraint("tenant_id", "name"),
)


users = Table(
    "users",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
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
    tenant_column(),
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
    tenant_column(),
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
    tenant_column(),
    Column("username", String(64), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_login_failures_lookup", "tenant_id", "username", "at"),
)


read_audit = Table(
    "read_audit",
    metadata,
    Column("id", BigId, primary_key=True),
    tenant_column(),
    Column("user_id", BigId, nullable=False),
    Column("customer_id", BigId, nullable=False),
    Column("screen", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_read_audit_customer", "tenant_id", "customer_id", "at"),
    Index("ix_read_audit_at", "tenant_id", "at"),
)
