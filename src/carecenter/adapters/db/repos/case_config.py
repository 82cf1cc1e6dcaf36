"""CaseConfigRepository on SQLAlchemy Core: statuses per kind and SLA policies with their calendars."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.repos.routing import calendar_of
from carecenter.adapters.db.tables import calendars, case_statuses, sla_policies
from carecenter.domain.cases.case import CaseStatus
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import SlaPolicy
from carecenter.domain.cases.sla_policy import BreachAction, PolicySpec


def _status(r: Any) -> CaseStatus:
    return CaseStatus(
        CaseKind(r.kind), r.code, r.label_en, r.label_vi, StatusCategory(r.category), r.position, r.active
    )


def _spec(r: Any) -> PolicySpec:
    return PolicySpec(
        code=r.code,
        kind=CaseKind(r.kind),
        priority=Priority(r.priority),
        segment=r.segment,
        first_response_s=r.first_response_s,
        resolution_s=r.resolution_s,
        breach_actions=tuple(BreachAction(a) for a in r.breach_actions),
        calendar_code=r.calendar_code,
        warn_at=r.warn_at,
    )


class SqlCaseConfigRepository(Repository):
    _policies: list[SlaPolicy] | None = None  # read once per unit of work: every case read rebuilds a clock

    def statuses(self, kind: CaseKind | None = None) -> list[CaseStatus]:
        query = select(case_statuses).where(case_statuses.c.tenant_id == self.tenant_id)
        if kind is not None:
            query = query.where(case_statuses.c.kind == kind.value)
        rows = self.db.execute(query.order_by(case_statuses.c.kind, case_statuses.c.position, case_statuses.c.code))
        return [_status(r) for r in rows]

    def policy_specs(self) -> list[PolicySpec]:
        rows = self.db.execute(
            select(sla_policies).where(sla_policies.c.tenant_id == self.tenant_id).order_by(sla_policies.c.code)
        )
        return [_spec(r) for r in rows]

    def policies(self) -> list[SlaPolicy]:
        if self._policies is None:
            rows = self.db.execute(select(calendars).where(calendars.c.tenant_id == self.tenant_id))
            by_code = {r.code: calendar_of(r) for r in rows}
            self._policies = [spec.build(by_code[spec.calendar_code]) for spec in self.policy_specs()]
        return self._policies
