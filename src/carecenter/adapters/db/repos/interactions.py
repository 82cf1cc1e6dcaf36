"""InteractionRepository on SQLAlchemy Core."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, union_all, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import contact_reasons, interactions
from carecenter.domain.errors import NotFound
from carecenter.domain.interactions.model import (
    Channel,
    ContactReason,
    Direction,
    Interaction,
    InteractionStatus,
)


def _interaction(r: Any) -> Interaction:
    return Interaction(
        id=r.id,
        customer_id=r.customer_id,
        channel=Channel(r.channel),
        direction=Direction(r.direction),
        started_at=r.started_at,
        ended_at=r.ended_at,
        status=InteractionStatus(r.status),
        queue=r.queue,
        agent_id=r.agent_id,
        reason_code=r.reason_code,
        notes=r.notes,
        outcome=r.outcome,
        identity=r.identity,
    )


def _values(i: Interaction) -> dict[str, Any]:
    return dict(
        customer_id=i.customer_id,
        channel=i.channel.value,
        direction=i.direction.value,
        status=i.status.value,
        started_at=i.started_at,
        ended_at=i.ended_at,
        queue=i.queue,
        agent_id=i.agent_id,
        reason_code=i.reason_code,
        notes=i.notes,
        outcome=i.outcome,
        identity=i.identity,
    )


# Open items and the newest ones, both through ix_interactions_customer_started; built once because every
# customer 360 runs it (see repos/customers.py).
_TIMELINE = union_all(
    select(interactions).where(
        interactions.c.customer_id == bindparam("id"),
        interactions.c.tenant_id == bindparam("tenant"),
        interactions.c.status == bindparam("open"),
    ),
    select(interactions)
    .where(interactions.c.customer_id == bindparam("id"), interactions.c.tenant_id == bindparam("tenant"))
    .order_by(interactions.c.started_at.desc())
    .limit(bindparam("limit"))
    .subquery()
    .select(),
)


# Routing reads and writes interactions several times per contact: these are built once.
_ADD = insert(interactions).returning(interactions.c.id)
_KEY = (interactions.c.id == bindparam("key_id"), interactions.c.tenant_id == bindparam("key_tenant"))
_GET = select(interactions).where(*_KEY)
_UPDATE = update(interactions).where(*_KEY)


class SqlInteractionRepository(Repository):
    def __init__(self, db: Connection, tenant_id: int) -> None:
        super().__init__(db, tenant_id)
        # Rows this unit of work wrote, as written: routing adds an interaction and then updates it in the
        # same transaction, and reading it back would only return what is already here.
        self._written: dict[int, Interaction] = {}

    def add(self, interaction: Interaction) -> int:
        new_id = int(self.db.execute(_ADD, {"tenant_id": self.tenant_id, **_values(interaction)}).scalar_one())
        self._written[new_id] = replace(interaction, id=new_id)
        return new_id

    def get(self, interaction_id: int) -> Interaction:
        if interaction_id in self._written:
            return self._written[interaction_id]
        row = self.db.execute(_GET, {"key_id": interaction_id, "key_tenant": self.tenant_id}).first()
        if row is None:
            raise NotFound(f"interaction {interaction_id} does not exist")
        return _interaction(row)

    def update(self, interaction: Interaction) -> None:
        self.db.execute(_UPDATE, {"key_id": interaction.id, "key_tenant": self.tenant_id, **_values(interaction)})
        if interaction.id in self._written:
            self._written[interaction.id] = interaction

    def of_customer(self, customer_id: int, limit: int = 50) -> list[Interaction]:
        rows = self.db.execute(
            _TIMELINE,
            {"id": customer_id, "tenant": self.tenant_id, "open": InteractionStatus.OPEN.value, "limit": limit},
        )
        unique = {r.id: r for r in rows}
        return [_interaction(r) for r in unique.values()]

    def reasons(self, include_retired: bool = False) -> list[ContactReason]:
        query = select(contact_reasons).where(contact_reasons.c.tenant_id == self.tenant_id)
        if not include_retired:
            query = query.where(contact_reasons.c.active)
        rows = self.db.execute(query.order_by(contact_reasons.c.code)).all()
        return [ContactReason(r.code, r.label_en, r.label_vi, r.active) for r in rows]

    def is_assigned_to(self, customer_id: int, agent_id: int) -> bool:
        return (
            self.db.execute(
                select(interactions.c.id)
                .where(
                    interactions.c.customer_id == customer_id,
                    interactions.c.tenant_id == self.tenant_id,
                    interactions.c.agent_id == agent_id,
                    interactions.c.status == InteractionStatus.OPEN.value,
                )
                .limit(1)
            ).first()
            is not None
        )

    def move_to_customer(self, from_customer_id: int, to_customer_id: int) -> int:
        self._written.clear()  # a bulk change: what was written is no longer what is there
        return int(
            self.db.execute(
                update(interactions)
                .where(interactions.c.customer_id == from_customer_id, interactions.c.tenant_id == self.tenant_id)
                .values(customer_id=to_customer_id)
            ).rowcount
        )
