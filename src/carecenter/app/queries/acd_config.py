"""Reading the ACD's configuration: queues, skills, calendars, agents' skills and capacities, teams' capacities.

Queues, skills and calendars are what agents pick from (transfers, presence), so `acd.desk` reads them;
who can do what is for those who watch and plan the floor (`acd.wallboard`; an admin has every right).
"""

from __future__ import annotations

from dataclasses import dataclass

from carecenter.app.commands.acd_admin import ROUTING_ROLES
from carecenter.app.context import AppContext
from carecenter.app.ports.routing import CalendarSpec, QueueSettings, Skill
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import NotFound
from carecenter.domain.routing.model import Capacity


@dataclass(frozen=True)
class AgentSkills:
    """A user who takes contacts, with their skills (code -> level) and the capacity they route with: their
    own (`own_capacity`), else their team's, else the default."""

    user_id: int
    username: str
    display_name: str
    role: str
    skills: dict[str, int]
    capacity: Capacity
    own_capacity: bool = False


@dataclass(frozen=True)
class TeamCapacity:
    """A team and the capacity of its agents who have none of their own (None: the default applies)."""

    team_id: int
    name: str
    capacity: Capacity | None


def queues(ctx: AppContext, actor: Actor) -> list[QueueSettings]:
    actor.require("acd.desk")
    with ctx.read() as uow:
        return uow.routing_config.queue_settings()


def queue_names(ctx: AppContext, actor: Actor) -> dict[str, str]:
    """Queue code -> name, for anyone who sees queues at work (an agent's desk, a supervisor's board)."""
    if not actor.can("acd.desk"):
        actor.require("acd.wallboard")
    with ctx.read() as uow:
        return {q.config.code: q.name for q in uow.routing_config.queue_settings()}


def queue(ctx: AppContext, actor: Actor, code: str) -> QueueSettings:
    found = [q for q in queues(ctx, actor) if q.config.code == code]
    if not found:
        raise NotFound(f"no queue {code!r}")
    return found[0]


def skills(ctx: AppContext, actor: Actor) -> list[Skill]:
    actor.require("acd.desk")
    with ctx.read() as uow:
        return uow.routing_config.skills()


def skill(ctx: AppContext, actor: Actor, code: str) -> Skill:
    found = [s for s in skills(ctx, actor) if s.code == code]
    if not found:
        raise NotFound(f"no skill {code!r}")
    return found[0]


def calendars(ctx: AppContext, actor: Actor) -> list[CalendarSpec]:
    actor.require("acd.desk")
    with ctx.read() as uow:
        return uow.routing_config.calendars()


def calendar(ctx: AppContext, actor: Actor, code: str) -> CalendarSpec:
    found = [c for c in calendars(ctx, actor) if c.code == code]
    if not found:
        raise NotFound(f"no calendar {code!r}")
    return found[0]


def agent_skills(ctx: AppContext, actor: Actor, user_id: int) -> AgentSkills:
    """One user's skills and capacity (NotFound if there is no such user; any role answers)."""
    actor.require("acd.wallboard")
    with ctx.read() as uow:
        user = uow.users.get(user_id)
        own = any(s.user_id == user_id and s.capacity is not None for s in uow.routing_config.agent_settings())
        return AgentSkills(
            user.id,
            user.username,
            user.display_name,
            user.role.value,
            dict(sorted(uow.routing.skills_of(user_id).items())),
            uow.routing.capacity_of(user_id),
            own,
        )


def all_agent_skills(ctx: AppContext, actor: Actor) -> list[AgentSkills]:
    """Every active agent and supervisor, by username, with skills and capacity."""
    actor.require("acd.wallboard")
    with ctx.read() as uow:
        people = [u for u in uow.users.all() if u.active and u.role in ROUTING_ROLES]
        settings = {s.user_id: s for s in uow.routing_config.agent_settings()}
        teams = uow.routing_config.team_capacities()
    out = []
    for u in people:
        own = settings[u.id].capacity if u.id in settings else None
        team = teams.get(u.team_id) if u.team_id is not None else None
        skills = settings[u.id].skills if u.id in settings else {}
        capacity = own or team or Capacity()
        out.append(AgentSkills(u.id, u.username, u.display_name, u.role.value, skills, capacity, own is not None))
    return out


def team_capacities(ctx: AppContext, actor: Actor) -> list[TeamCapacity]:
    """Every team, by name, with its capacity if it has one."""
    actor.require("acd.wallboard")
    with ctx.read() as uow:
        teams = uow.users.teams()
        capacities = uow.routing_config.team_capacities()
    return sorted((TeamCapacity(t.id, t.name, capacities.get(t.id)) for t in teams), key=lambda t: t.name.casefold())


def team_capacity(ctx: AppContext, actor: Actor, team_id: int) -> TeamCapacity:
    found = [t for t in team_capacities(ctx, actor) if t.team_id == team_id]
    if not found:
        raise NotFound(f"no team {team_id}")
    return found[0]
