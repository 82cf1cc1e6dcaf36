"""Configuring the ACD: skills, business calendars, queues, agents' skills and capacities, not-ready reasons.

Each save is one transaction with its event; a save that changes how contacts route (queues, calendars,
agents' skills) then rebuilds this process's router from the database, so it routes by what was saved.
Codes are 1-64 of a-z, 0-9, '.', '_' and '-'; every problem is reported at once as InvalidInput naming its
field, before anything is written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from carecenter.app.acd.forwarding import acd_step
from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.app.ports.routing import AgentSettings, CalendarSpec, NotReadyReason, QueueSettings, Skill
from carecenter.domain.access.permissions import Actor, Role
from carecenter.domain.calendar.business_hours import DEFAULT_TIMEZONE, calendar_from_text
from carecenter.domain.customers.model import Segment
from carecenter.domain.errors import Conflict, InvalidInput, NotFound, ProblemCollector
from carecenter.domain.events import event
from carecenter.domain.routing.model import MAX_LEVEL, Capacity, Media, Policy, QueueConfig

CODE = re.compile(r"[a-z0-9._-]{1,64}")
MAX_CAPACITY = 10  # contacts of one media an agent may hold at once
MAX_BOOST = 1000  # a segment's priority boost, either way
ROUTING_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR})  # the roles that take contacts (acd.desk)
E = TypeVar("E", Media, Policy)


def save_skill(ctx: AppContext, actor: Actor, code: str, name: str) -> Skill:
    """Create the skill `code` or rename it. Routing does not read names, so the router is left alone."""
    actor.require("acd.admin")
    problems = ProblemCollector()
    _check_code(problems, code)
    _check_name(problems, "name", name)
    problems.raise_if_any()
    skill = Skill(code, name.strip())
    with ctx.uow() as uow:
        created = uow.routing_config.save_skill(skill)
        uow.events.append(
            event("SkillSaved", "skill", code, name=skill.name, created=created), actor.user_id, ctx.clock.now()
        )
        uow.commit()
    return skill


def save_calendar(
    ctx: AppContext,
    actor: Actor,
    code: str,
    name: str,
    hours: Mapping[str, str],
    holidays: Sequence[str] = (),
    timezone: str = DEFAULT_TIMEZONE,
) -> CalendarSpec:
    """Create or replace the business calendar `code` (hours and holidays as domain.calendar reads them).

    Field problems: "code", "name", "hours.<key>", "holidays[<index>]", "timezone". Holidays are stored as
    sorted ISO dates without repeats.
    """
    actor.require("acd.admin")
    problems = ProblemCollector()
    _check_code(problems, code)
    _check_name(problems, "name", name)
    try:
        parsed = calendar_from_text(hours, holidays, timezone)
    except InvalidInput as exc:
        problems.problems.extend(exc.problems)
    problems.raise_if_any()
    spec = CalendarSpec(
        code,
        name.strip(),
        {key.strip().lower(): text.strip() for key, text in hours.items()},
        sorted(day.isoformat() for day in parsed.holidays),
        timezone,
    )
    with ctx.uow() as uow:
        created = uow.routing_config.save_calendar(spec)
        uow.events.append(
            event("CalendarSaved", "calendar", code, hours=spec.hours, holidays=spec.holidays, created=created),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    _reload(ctx)  # queues on this calendar open and close by the new hours
    return spec


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
    _check_code(problems, code)
    _check_name(problems, "name", name or code)
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
    _reload(ctx)
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
    _reload(ctx)


def set_agent_skills(
    ctx: AppContext, actor: Actor, user_id: int, skills: Mapping[str, int], capacity: Capacity
) -> AgentSettings:
    """Replace a user's skills (code -> level 1..10) and capacity (0..10 contacts per media).

    The user must exist (NotFound) and take contacts (role agent or supervisor). A logged-in agent routes
    with the new skills at once (the router is rebuilt only then: a rebuild voids ringing offers).
    """
    actor.require("acd.admin")
    problems = ProblemCollector()
    for code, level in skills.items():
        if not 1 <= level <= MAX_LEVEL:
            problems.add(f"skills.{code}", f"levels run from 1 to {MAX_LEVEL}")
    for media in Media:
        if not 0 <= capacity.of(media) <= MAX_CAPACITY:
            problems.add(f"capacity.{media.value}", f"from 0 to {MAX_CAPACITY}")
    with ctx.uow() as uow:
        user = uow.users.get(user_id)
        if user.role not in ROUTING_ROLES:
            problems.add("user_id", f"a {user.role} does not take contacts; only agents and supervisors have skills")
        known = {s.code for s in uow.routing_config.skills()}
        for code in sorted(set(skills) - known):
            problems.add(f"skills.{code}", "no such skill")
        problems.raise_if_any()
        settings = AgentSettings(user_id, dict(sorted(skills.items())), capacity)
        uow.routing_config.set_agent_settings(settings)
        uow.events.append(
            event(
                "AgentSkillsSet",
                "agent",
                user_id,
                skills=settings.skills,
                capacity={m.value: capacity.of(m) for m in Media},
            ),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    # A logged-in agent's skills live in the router: it re-reads them (it reads them at log-in anyway).
    _reload(ctx)  # (the router re-reads the agent's skills if they are logged in)
    return settings


def save_not_ready_reason(
    ctx: AppContext, actor: Actor, code: str, label_en: str, label_vi: str, active: bool = True
) -> NotReadyReason:
    """Create or change a not-ready reason; an inactive one is no longer offered to agents.

    The router does not read reasons (the desk checks them per request), so it is left alone.
    """
    actor.require("acd.admin")
    problems = ProblemCollector()
    _check_code(problems, code)
    _check_name(problems, "label_en", label_en)
    _check_name(problems, "label_vi", label_vi)
    problems.raise_if_any()
    reason = NotReadyReason(code, label_en.strip(), label_vi.strip(), active)
    with ctx.uow() as uow:
        created = uow.routing_config.save_not_ready_reason(reason)
        uow.events.append(
            event("NotReadyReasonSaved", "not_ready_reason", code, active=active, created=created),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    return reason


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


def _check_code(problems: ProblemCollector, code: str) -> None:
    if not CODE.fullmatch(code):
        problems.add("code", "1-64 characters of a-z, 0-9, '.', '_' and '-'")


def _check_name(problems: ProblemCollector, field: str, text: str) -> None:
    if not text.strip():
        problems.add(field, "required")
    problems.check_length(field, text.strip(), 200)


def _reload(ctx: AppContext) -> None:
    """Rebuild the router from what was just committed, wherever it runs (none running: nothing to do)."""
    if ctx.acd is not None or ctx.acd_inbox is not None:
        reload_routing(ctx, Actor(user_id=0, username="system", role=Role.ADMIN))


@acd_step()
def reload_routing(ctx: AppContext, actor: Actor) -> None:
    """A routing step that rebuilds the router from the database (after a configuration change)."""
    if ctx.acd is not None:
        ctx.acd.reload()
