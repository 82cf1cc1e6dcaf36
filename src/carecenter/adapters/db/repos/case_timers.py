"""CaseTimerRepository: the SLA job runner claims due cases with one conditional UPDATE.

The claim is a lease (`claimed_by`, `claimed_until`) taken on cases whose timer is due and that nobody
holds, or whose holder's lease ran out (a worker that died). It only spreads the work: what makes an
alarm fire once is `sla_fired`, written in the same transaction as the alarm's events and the case's
compare-and-set on `version` (app.commands.case_sla).

The subquery picks the soonest due first; on PostgreSQL it skips rows another claimer has locked
(FOR UPDATE SKIP LOCKED, ignored by SQLite whose writers are serialised anyway), and the outer WHERE
repeats the lease test so a row claimed in the meantime is re-checked and left alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import cases
from carecenter.domain.errors import Conflict

_c = cases.c
_FREE = or_(_c.claimed_until.is_(None), _c.claimed_until < bindparam("now"))
_DUE = (
    select(_c.id)
    .where(_c.tenant_id == bindparam("tenant"), _c.sla_next_at <= bindparam("now"), _FREE)
    .order_by(_c.sla_next_at, _c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_CLAIM = (
    update(cases)
    .where(_c.id.in_(_DUE.scalar_subquery()), _c.tenant_id == bindparam("tenant"), _FREE)
    .values(claimed_by=bindparam("worker"), claimed_until=bindparam("until"))
)
_HELD = (
    select(_c.id)
    .where(_c.tenant_id == bindparam("tenant"), _c.claimed_by == bindparam("worker"), _c.sla_next_at.is_not(None))
    .order_by(_c.sla_next_at, _c.id)
)
_FIRED = select(_c.sla_fired).where(_c.id == bindparam("key"), _c.tenant_id == bindparam("tenant"))
_KEY = (_c.id == bindparam("key"), _c.tenant_id == bindparam("tenant"))


class SqlCaseTimerRepository(Repository):
    def claim(self, worker: str, now: datetime, until: datetime, limit: int) -> list[int]:
        params = {"tenant": self.tenant_id, "now": now, "until": until, "worker": worker, "limit": limit}
        self.db.execute(_CLAIM, params)
        return [int(i) for i in self.db.execute(_HELD, {"tenant": self.tenant_id, "worker": worker}).scalars()]

    def fired(self, case_id: int) -> frozenset[str]:
        stored = self.db.execute(_FIRED, {"key": case_id, "tenant": self.tenant_id}).scalar()
        return frozenset(stored or ())

    def finish(
        self, case_id: int, version: int, fired: frozenset[str], next_at: datetime | None, escalated_at: datetime | None
    ) -> None:
        values: dict[str, Any] = {
            "sla_fired": sorted(fired),
            "sla_next_at": next_at,
            "claimed_by": None,
            "claimed_until": None,
        }
        if escalated_at is not None:
            values["escalated_at"] = escalated_at
        statement = update(cases).where(*_KEY, _c.version == version).values(**values)
        if self.db.execute(statement, {"key": case_id, "tenant": self.tenant_id}).rowcount != 1:
            raise Conflict(f"case {case_id} changed while its SLA timer fired; it fires again on the next round")

    def release(self, case_id: int, worker: str) -> None:
        self.db.execute(
            update(cases).where(*_KEY, _c.claimed_by == worker).values(claimed_by=None, claimed_until=None),
            {"key": case_id, "tenant": self.tenant_id},
        )
