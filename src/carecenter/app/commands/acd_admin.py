"""Configuring the ACD: skills, business calendars, agents' skills and capacities, teams' capacities, and
the rules every configuration command shares (queues: acd_admin_queues; reason codes: acd_admin_codes).

Each save is one transaction with its event; a save that changes how contacts route (queues, calendars,
agents' skills, capacities) then rebuilds this process's router from the database, so it routes by what
was saved. Codes are 1-64 of a-z, 0-9, '.', '_' and '-'; every problem is reported at once as
InvalidInput naming its field, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from carecenter.app.acd.forwarding import acd_step
from carecenter.app.context import AppContext
from carecenter.app.ports.routing import AgentSettings, CalendarSpec, Skill
from carecenter.domain.access.permissions import Actor, Role
from carecenter.domain.calendar.business_hours import DEFAULT_TIMEZONE, calendar_from_text
from carecenter.domain.errors import InvalidInput, NotFound, ProblemCollector
from carecenter.domain.events import event
from carecenter.domain.routing.model import MAX_LEVEL, Capacity, Media

CODE = re.compile(r"[a-z0-9._-]{1,64}")
MAX_CAPACITY = 10  # contacts of one media an agent may hold at once
ROUTING_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR})  # the roles that take contacts (acd.desk)


def save_skill(ctx: AppContext, actor: Actor, code: str, name: str) -> Skill:
    """Create the skill `code` or rename it. Routing does not read names, so the router is left alone."""
    actor.require("acd.admin")
    problems = ProblemCollector()
    check_code(problems, code)
    check_name(problems, "name", name)
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
    check_code(problems, code)
    check_name(problems, "name", name)
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
    reload_router(ctx)  # queues on this calendar open and close by the new hours
    return spec


def set_agent_skills(
    ctx: AppContext, actor: Actor, user_id: int, skills: Mapping[str, int], capacity: Capacity | None
) -> AgentSettings:
    """Replace a user's skills (code -> level 1..10) and own capacity (0..10 contacts per media).

    With `capacity` None the user has no capacity of their own: their team's applies, else the default.
    The user must exist (NotFound) and take contacts (role agent or supervisor). A logged-in agent routes
    with the new skills at once (the router is rebuilt only then: a rebuild voids ringing offers).
    """
    actor.require("acd.admin")
    problems = ProblemCollector()
    for code, level in skills.items():
        if not 1 <= level <= MAX_LEVEL:
            problems.add(f"skills.{code}", f"levels run from 1 to {MAX_LEVEL}")
    if capacity is not None:
        check_capacity(problems, capacity)
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
            event("AgentSkillsSet", "agent", user_id, skills=settings.skills, capacity=_payload(capacity)),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    # A logged-in agent's skills live in the router: it re-reads them (it reads them at log-in anyway).
    reload_router(ctx)
    return settings


def set_team_capacity(ctx: AppContext, actor: Actor, team_id: int, capacity: Capacity | None) -> None:
    """Set the capacity of the team's agents who have none of their own (0..10 contacts per media, as for
    an agent); None removes it, so they get the default. NotFound if there is no such team.

    Logged-in agents route with it at once (the router is rebuilt).
    """
    actor.require("acd.admin")
    problems = ProblemCollector()
    if capacity is not None:
        check_capacity(problems, capacity)
    problems.raise_if_any()
    with ctx.uow() as uow:
        if team_id not in {t.id for t in uow.users.teams()}:
            raise NotFound(f"no team {team_id}")
        uow.routing_config.set_team_capacity(team_id, capacity)
        uow.events.append(
            event("TeamCapacitySet", "team", team_id, capacity=_payload(capacity)), actor.user_id, ctx.clock.now()
        )
        uow.commit()
    reload_router(ctx)


def check_capacity(problems: ProblemCollector, capacity: Capacity) -> None:
    """An agent's or a team's capacity: 0 to MAX_CAPACITY contacts of each media (field "capacity.<media>")."""
    for media in Media:
        if not 0 <= capacity.of(media) <= MAX_CAPACITY:
            problems.add(f"capacity.{media.value}", f"from 0 to {MAX_CAPACITY}")


def check_code(problems: ProblemCollector, code: str) -> None:
    """Every configuration code (skills, calendars, queues, reason codes) follows CODE (field "code")."""
    if not CODE.fullmatch(code):
        problems.add("code", "1-64 characters of a-z, 0-9, '.', '_' and '-'")


def check_name(problems: ProblemCollector, field: str, text: str) -> None:
    """A name or label: required, at most 200 characters once trimmed."""
    if not text.strip():
        problems.add(field, "required")
    problems.check_length(field, text.strip(), 200)


def reload_router(ctx: AppContext) -> None:
    """Rebuild the router from what was just committed, wherever it runs (none running: nothing to do)."""
    if ctx.acd is not None or ctx.acd_inbox is not None:
        reload_routing(ctx, Actor(user_id=0, username="system", role=Role.ADMIN))


def _payload(capacity: Capacity | None) -> dict[str, int] | None:
    return None if capacity is None else {m.value: capacity.of(m) for m in Media}


@acd_step()
def reload_routing(ctx: AppContext, actor: Actor) -> None:
    """A routing step that rebuilds the router from the database (after a configuration change)."""
    if ctx.acd is not None:
        ctx.acd.reload()
