"""Recording contacts on any channel."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from carecenter.app.access import require_customer_access
from carecenter.app.context import AppContext
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import FieldProblem, InvalidInput, ProblemCollector
from carecenter.domain.events import event
from carecenter.domain.interactions.model import (
    Channel,
    Direction,
    Interaction,
    InteractionStatus,
    validate_reason_code,
)


def record_interaction(
    ctx: AppContext,
    actor: Actor,
    customer_id: int | None,
    channel: str,
    direction: str,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    reason_code: str | None = None,
    notes: str = "",
    outcome: str | None = None,
    queue: str | None = None,
    status: str = "closed",
    identity: str | None = None,
) -> int:
    """Store one contact (call, email, chat…) in the customer's history; emits `InteractionRecorded`."""
    actor.require("interactions.write")
    problems = ProblemCollector()
    for name, value, enum in (
        ("channel", channel, Channel),
        ("direction", direction, Direction),
        ("status", status, InteractionStatus),
    ):
        if value not in {e.value for e in enum}:
            problems.add(name, f"must be one of {', '.join(e.value for e in enum)}")
    if len(notes) > 10_000:
        problems.add("notes", "notes are longer than 10,000 characters")
    problems.check_length("queue", queue, 64)
    problems.check_length("outcome", outcome, 64)
    problems.check_length("identity", identity, 254)
    problems.raise_if_any()
    now = ctx.clock.now()
    started = started_at or now
    if ended_at is not None and ended_at < started:
        raise InvalidInput(FieldProblem("ended_at", "ends before it started"))
    with ctx.uow() as uow:
        if customer_id is not None:
            require_customer_access(uow, actor, uow.customers.get(customer_id))
        if reason_code is not None:
            validate_reason_code(reason_code, (r.code for r in uow.interactions.reasons()))
        interaction = Interaction(
            id=None,
            customer_id=customer_id,
            channel=Channel(channel),
            direction=Direction(direction),
            started_at=started,
            ended_at=ended_at if status == "closed" else None,
            status=InteractionStatus(status),
            queue=queue,
            agent_id=actor.user_id,
            reason_code=reason_code,
            notes=notes,
            outcome=outcome,
            identity=identity,
        )
        interaction_id = uow.interactions.add(interaction)
        uow.events.append(
            event(
                "InteractionRecorded",
                "interaction",
                interaction_id,
                customer_id=customer_id,
                channel=channel,
                direction=direction,
                status=status,
            ),
            actor.user_id,
            now,
        )
        uow.commit()
    return interaction_id


def close_interaction(
    ctx: AppContext,
    actor: Actor,
    interaction_id: int,
    reason_code: str | None,
    outcome: str | None,
    notes: str | None = None,
) -> Interaction:
    actor.require("interactions.write")
    problems = ProblemCollector()
    problems.check_length("outcome", outcome, 64)
    problems.check_length("notes", notes, 10_000)
    problems.raise_if_any()
    with ctx.uow() as uow:
        current = uow.interactions.get(interaction_id)
        if current.customer_id is not None:
            require_customer_access(uow, actor, uow.customers.get(current.customer_id))
        if current.status == InteractionStatus.CLOSED:
            raise InvalidInput(FieldProblem("status", "the interaction is already closed"))
        if reason_code is not None:
            validate_reason_code(reason_code, (r.code for r in uow.interactions.reasons()))
        now = ctx.clock.now()
        closed = replace(
            current,
            status=InteractionStatus.CLOSED,
            ended_at=now,
            reason_code=reason_code or current.reason_code,
            outcome=outcome,
            notes=notes if notes is not None else current.notes,
        )
        uow.interactions.update(closed)
        uow.events.append(
            event("InteractionClosed", "interaction", interaction_id, customer_id=current.customer_id),
            actor.user_id,
            now,
        )
        uow.commit()
    return closed
