"""default reference data: tenant 1, the three national regions, contact reasons, segment rules

A fresh installation must be usable without the demo: agents need contact reasons to wrap up and the
segment rules need a starting point; users and customers refer to a region (Miền Bắc, Miền Trung,
Miền Nam: the national split Vietnamese operators use; branches are the operator's own and come later).
Operators edit all of it afterwards; this only runs once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from carecenter.domain.customers.segments import DEFAULT_RULES
from carecenter.domain.customers.vietnam import REGIONS
from carecenter.domain.interactions.model import DEFAULT_REASONS

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tenants = sa.table("tenants", sa.column("id"), sa.column("tenant_id"), sa.column("name"), sa.column("timezone"))
    reasons = sa.table(
        "contact_reasons", sa.column("tenant_id"), sa.column("code"), sa.column("label_en"), sa.column("label_vi")
    )
    rules = sa.table(
        "segment_rules",
        sa.column("tenant_id"),
        sa.column("position"),
        sa.column("segment"),
        sa.column("kind"),
        sa.column("params", sa.JSON),
    )
    op.bulk_insert(tenants, [{"id": 1, "tenant_id": 1, "name": "Care centre", "timezone": "Asia/Ho_Chi_Minh"}])
    regions = sa.table("regions", sa.column("tenant_id"), sa.column("code"), sa.column("name"))
    op.bulk_insert(regions, [{"tenant_id": 1, "code": r.code, "name": r.name} for r in REGIONS])
    op.bulk_insert(
        reasons,
        [{"tenant_id": 1, "code": r.code, "label_en": r.label_en, "label_vi": r.label_vi} for r in DEFAULT_REASONS],
    )
    op.bulk_insert(
        rules,
        [
            {
                "tenant_id": 1,
                "position": r.position,
                "segment": r.segment.value,
                "kind": r.kind,
                "params": dict(r.params),
            }
            for r in DEFAULT_RULES
        ],
    )


def downgrade() -> None:
    for table in ("segment_rules", "contact_reasons", "regions", "tenants"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE tenant_id = 1"))
