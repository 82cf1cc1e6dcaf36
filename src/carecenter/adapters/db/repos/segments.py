"""SegmentRepository on SQLAlchemy Core."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import bindparam, delete, func, insert, select, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import bills, customers, segment_rules
from carecenter.domain.customers.model import CustomerKind, Segment
from carecenter.domain.customers.segments import CustomerRevenue, SegmentRule


class SqlSegmentRepository(Repository):
    def rules(self) -> list[SegmentRule]:
        rows = self.db.execute(
            select(segment_rules).where(segment_rules.c.tenant_id == self.tenant_id).order_by(segment_rules.c.position)
        ).all()
        return [SegmentRule(Segment(r.segment), r.kind, dict(r.params), r.position) for r in rows]

    def replace_rules(self, rules: list[SegmentRule]) -> None:
        self.db.execute(delete(segment_rules).where(segment_rules.c.tenant_id == self.tenant_id))
        for rule in rules:
            self.db.execute(
                insert(segment_rules).values(
                    tenant_id=self.tenant_id,
                    position=rule.position,
                    segment=rule.segment.value,
                    kind=rule.kind,
                    params=dict(rule.params),
                )
            )

    def revenues(self, since_period: str, until: date) -> list[CustomerRevenue]:
        totals = dict(
            self.db.execute(
                select(bills.c.customer_id, func.sum(bills.c.amount_vnd))
                .where(bills.c.tenant_id == self.tenant_id, bills.c.period >= since_period)
                .group_by(bills.c.customer_id)
            ).all()
        )
        rows = self.db.execute(
            select(customers.c.id, customers.c.kind).where(
                customers.c.tenant_id == self.tenant_id,
                customers.c.merged_into_id.is_(None),
                customers.c.erased_at.is_(None),
            )
        ).all()
        return [CustomerRevenue(r.id, CustomerKind(r.kind), int(totals.get(r.id) or 0)) for r in rows]

    def set_segments(self, segments: dict[int, Segment]) -> int:
        current = dict(
            self.db.execute(
                select(customers.c.id, customers.c.segment).where(customers.c.tenant_id == self.tenant_id)
            ).all()
        )
        changed: dict[str, list[int]] = defaultdict(list)
        for customer_id, segment in segments.items():
            if current.get(customer_id) != segment.value:
                changed[segment.value].append(customer_id)
        statement = (
            update(customers)
            .where(customers.c.id == bindparam("cid"))
            .values(segment=bindparam("seg"), version=customers.c.version + 1)
        )
        for segment_value, ids in changed.items():
            self.db.execute(statement, [{"cid": i, "seg": segment_value} for i in ids])
        return sum(len(ids) for ids in changed.values())
