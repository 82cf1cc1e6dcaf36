"""Configuring the ACD's queues: create or replace one, delete one nothing uses any more.

Each save is one transaction with its event, then this process's router is rebuilt from the database so
it routes by what was saved (see acd_admin for the shared rules on codes and names).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from carecenter.app.commands.acd_admin import check_code, check_name, reload_router
from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.app.ports.routing import QueueSettings
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.model import Segment
from carecenter.domain.errors import Conflict, InvalidInput, NotFound, ProblemCollector
from carecenter.domain.events import event
from carecenter.domain.routing.model import Media, Policy, QueueConfig

MAX_BOOST = 1000  # a segment's priority boost, either way
E = TypeVar("E", Media, Policy)


def save_queue(
    ctx: AppContext,
    actor: Actor,
    code: str,
    *,
    media: str,
    skill: str,
    name: str | None = None,
    relax: Sequence[Sequence[float]] = ((0, 1),),
    policy: str = Policy.LONGEST_IDLE.value,
    offer_timeout_s: float = 20.0,
    wrap_up_s: float = 60.0,
    overflow_to: str | None = None,
    overflow_after_s: float | None = None,
    priority_boost: Mapping[str, int] | None = None,
    sl_threshold_s: float = 20.0,
    sl_target: float = 0.8,
    calendar_code: str | None = None,
) -> QueueSettings:
    """Create or replace the queue `code` (its emergency switch stays as the supervisor left it).

    Besides QueueConfig's own rules: the skill, the calendar (None = always open) and the overflow target
    must exist, the target must take the same media, and queues that overflow here must keep doing so
    with the same media. Changing the media of a queue that holds contacts is a Conflict.
    """
    actor.require("acd.admin")
    problems = ProblemCollector()
    check_code(problems, code)
    check_name(problems, "name", name or code)
    chosen_media = _choice(problems, "media", Media, media)
    chosen_policy = _choice(problems, "policy", Policy, policy)
    steps = _relax(problems, relax)
    boost = dict(priority_boost or {})
    for segment, value in boost.items():
        if segment not in {s.value for s in Segment}:
            problems.add(f"priority_boost.{segment}", f"segments are {', '.join(s.value for s in Segment)}")
        elif not -MAX_BOOST <= value <= MAX_BOOST:
            problems.add(f"priority_boost.{segment}", f"from -{MAX_BOOST} to {MAX_BOOST}")
    if not math.isfinite(sl_threshold_s) or sl_threshold_s < 0:
        problems.add("sl_threshold_s", "must not be negative")
    try:
        config = QueueConfig(
            code=code,
            media=chosen_media or Media.VOICE,
            skill=skill,
            relax=((0.0, 1),) if steps is None else steps,  # malformed: reported; check the rest meanwhile
            policy=chosen_policy or Policy.LONGEST_IDLE,
            offer_timeout_s=offer_timeout_s,
            wrap_up_s=wrap_up_s,
            overflow_to=overflow_to,
            overflow_after_s=overflow_after_s,
            priority_boost=boost,
            sl_threshold_s=sl_threshold_s,
            sl_target=sl_target,
        )
    except InvalidInput as exc:
        problems.problems.extend(exc.problems)
    problems.raise_if_any()  # never passes when QueueConfig refused, so `config` is bound below
    with ctx.uow() as uow:
        existing = {q.config.code: q for q in uow.routing_config.queue_settings()}
        _check_references(uow, problems, config, calendar_code, existing)
        problems.raise_if_any()
        before = existing.get(code)
        if before is not None and before.config.media is not config.media and uow.routing_config.contacts_in(code):
            raise Conflict(f"queue {code} holds contacts; change its media when it is empty")
        if before is not None:  # what the supervisor switched stays switched
            config = replace(config, emergency=before.config.emergency)
        settings = QueueSettings(config, (name or code).strip(), calendar_code)
        created = uow.routing_config.save_queue(settings)
        uow.events.append(
            event("QueueSaved", "queue", code, media=config.media.value, skill=skill, created=created),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    reload_router(ctx)
    return settings


def delete_queue(ctx: AppContext, actor: Actor, code: str) -> None:
    """Remove a queue. Conflict while contacts are in it, while another queue overflows to it, and for a
    channel's default queue (`<media>.general`, where contacts without a queue go)."""
    actor.require("acd.admin")
    if code in {f"{m.value}.general" for m in Media}:
        raise Conflict(f"{code} is where new {code.split('.')[0]} contacts go by default; it cannot be deleted")
    with ctx.uow() as uow:
        queues = uow.routing_config.queue_settings()
        if code not in {q.config.code for q in queues}:
            raise NotFound(f"no queue {code!r}")
        held = uow.routing_config.contacts_in(code)
        if held:
            raise Conflict(f"queue {code} still holds {held} contact(s); delete it when it is empty")
        feeders = sorted(q.config.code for q in queues if q.config.overflow_to == code)
        if feeders:
            raise Conflict(f"queues {', '.join(feeders)} overflow to {code}; point them elsewhere first")
        uow.routing_config.delete_queue(code)
        uow.events.append(event("QueueDeleted", "queue", code), actor.user_id, ctx.clock.now())
        uow.commit()
    reload_router(ctx)


def _check_references(
    uow: UnitOfWork,
    problems: ProblemCollector,
    config: QueueConfig,
    calendar_code: str | None,
    queues: dict[str, QueueSettings],
) -> None:
    """Note problems with what the queue names (skill, calendar, overflow target) and who names it."""
    if config.skill not in {s.code for s in uow.routing_config.skills()}:
        problems.add("skill", f"no skill {config.skill!r}")
    if calendar_code is not None and calendar_code not in {c.code for c in uow.routing_config.calendars()}:
        problems.add("calendar_code", f"no calendar {calendar_code!r}")
    target = queues.get(config.overflow_to) if config.overflow_to is not None else None
    if config.overflow_to is not None and target is None:
        problems.add("overflow_to", f"no queue {config.overflow_to!r}")
    elif target is not None and target.config.media is not config.media:
        # A waiting contact keeps its media when it overflows: a call cannot wait in a chat queue.
        problems.add("overflow_to", f"queue {target.config.code} takes {target.config.media}, not {config.media}")
    feeders = sorted(
        q.config.code
        for q in queues.values()
        if q.config.overflow_to == config.code and q.config.media is not config.media
    )
    if feeders:
        problems.add("media", f"queues {', '.join(feeders)} overflow here and take {queues[feeders[0]].config.media}")


def _relax(problems: ProblemCollector, relax: Sequence[Sequence[float]]) -> tuple[tuple[float, int], ...] | None:
    """[[seconds, level], ...] as QueueConfig takes it; None (and a problem noted) when malformed."""
    steps = []
    for index, step in enumerate(relax):
        if len(step) != 2 or not all(math.isfinite(n) for n in step) or step[1] != int(step[1]):
            problems.add("relax", f"step {index}: give [seconds waited, minimum level], e.g. [30, 3]")
            return None
        steps.append((float(step[0]), int(step[1])))
    return tuple(steps)


def _choice(problems: ProblemCollector, field: str, kind: type[E], value: str) -> E | None:
    try:
        return kind(value)
    except ValueError:
        problems.add(field, f"choose one of: {', '.join(k.value for k in kind)}")
        return None
