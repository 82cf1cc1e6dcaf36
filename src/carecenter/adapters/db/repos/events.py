"""The append-only event log and the outbox, written in the unit of work's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import events, outbox
from carecenter.app.ports.basics import Logged
from carecenter.domain.events import Event

# Built once: every write appends events, routing several per contact (values bound at execution, so
# SQLAlchemy compiles the statement once instead of coercing each value into a new one).
_APPEND = insert(events).returning(events.c.id)
_APPEND_ALL = insert(events).returning(events.c.id, sort_by_parameter_order=True)
_OF_AGGREGATE = (  # through ix_events_aggregate
    select(events)
    .where(
        events.c.tenant_id == bindparam("tenant"),
        events.c.aggregate == bindparam("aggregate"),
        events.c.aggregate_id == bindparam("id"),
    )
    .order_by(events.c.id.desc())
    .limit(bindparam("limit"))
)


class SqlEventLog(Repository):
    def append(self, event: Event, actor_id: int | None, at: datetime) -> int:
        return int(self.db.execute(_APPEND, self._row(event, actor_id, at)).scalar_one())

    def append_all(self, batch: list[Event], actor_id: int | None, at: datetime) -> list[int]:
        if len(batch) < 2:
            return [self.append(e, actor_id, at) for e in batch]
        rows = [self._row(e, actor_id, at) for e in batch]
        return [int(position) for position in self.db.execute(_APPEND_ALL, rows).scalars()]

    def _row(self, event: Event, actor_id: int | None, at: datetime) -> dict[str, Any]:
        return {
            "tenant_id": self.tenant_id,
            "type": event.type,
            "aggregate": event.aggregate,
            "aggregate_id": str(event.aggregate_id),
            "actor_id": actor_id,
            "payload": event.payload,
            "at": at,
        }

    def of_aggregate(self, aggregate: str, aggregate_id: str, limit: int = 500) -> list[Logged]:
        rows = self.db.execute(
            _OF_AGGREGATE, {"tenant": self.tenant_id, "aggregate": aggregate, "id": aggregate_id, "limit": limit}
        ).all()
        return [
            Logged(r.id, Event(r.type, r.aggregate, r.aggregate_id, r.payload), r.at, r.actor_id)
            for r in reversed(rows)
        ]

    def after(self, position: int, limit: int = 1000) -> list[tuple[int, Event]]:
        rows = self.db.execute(
            select(events)
            .where(events.c.tenant_id == self.tenant_id, events.c.id > position)
            .order_by(events.c.id)
            .limit(limit)
        ).all()
        return [(r.id, Event(r.type, r.aggregate, r.aggregate_id, r.payload)) for r in rows]

    def since(
        self, position: int, aggregates: tuple[str, ...], not_before: datetime, limit: int = 5000
    ) -> list[Logged]:
        rows = self.db.execute(
            select(events.c.id, events.c.type, events.c.aggregate, events.c.aggregate_id, events.c.payload, events.c.at)
            .where(
                events.c.tenant_id == self.tenant_id,
                events.c.id > position,
                events.c.aggregate.in_(aggregates),
                events.c.at >= not_before,
            )
            .order_by(events.c.id)
            .limit(limit)
        ).all()
        return [Logged(r.id, Event(r.type, r.aggregate, r.aggregate_id, r.payload), r.at) for r in rows]


class SqlOutbox(Repository):
    def add(
        self,
        channel: str,
        template: str,
        payload: dict[str, Any],
        at: datetime,
        recipient: str | None = None,
        customer_id: int | None = None,
        locale: str = "vi",
    ) -> int:
        return int(
            self.db.execute(
                insert(outbox)
                .values(
                    tenant_id=self.tenant_id,
                    channel=channel,
                    recipient=recipient,
                    customer_id=customer_id,
                    template=template,
                    locale=locale,
                    payload=payload,
                    status="queued",
                    created_at=at,
                )
                .returning(outbox.c.id)
            ).scalar_one()
        )
