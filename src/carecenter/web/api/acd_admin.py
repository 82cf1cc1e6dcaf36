"""REST: the ACD's configuration — queues, skills, business calendars, agents' skills, teams' capacities,
not-ready and contact reasons (the list of contact reasons is GET /api/v1/contact-reasons, in interactions).

PUT creates or replaces the item named in the path; reads are open to agents (they pick queues and
reasons), agents' skills and teams' capacities to those who watch the floor, every write to `acd.admin`.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, delete, get, put
from litestar.params import FromPath, JSONBody

from carecenter.app.commands import acd_admin, acd_admin_codes, acd_admin_queues
from carecenter.app.ports.routing import CalendarSpec, QueueSettings, Skill
from carecenter.app.queries import acd_config
from carecenter.domain.routing.model import Capacity
from carecenter.web.access import Ctx, current, rule


class SkillIn(msgspec.Struct):
    name: str


class CalendarIn(msgspec.Struct):
    name: str
    hours: dict[str, str]
    holidays: list[str] = []
    timezone: str = "Asia/Ho_Chi_Minh"


class QueueIn(msgspec.Struct):
    media: str
    skill: str
    name: str | None = None
    relax: list[list[float]] = msgspec.field(default_factory=lambda: [[0, 1]])
    policy: str = "longest_idle"
    offer_timeout_s: float = 20.0
    wrap_up_s: float = 60.0
    overflow_to: str | None = None
    overflow_after_s: float | None = None
    priority_boost: dict[str, int] = {}
    sl_threshold_s: float = 20.0
    sl_target: float = 0.8
    calendar_code: str | None = None


class CapacityIn(msgspec.Struct):
    voice: int = 1
    chat: int = 3
    email: int = 2


class AgentSkillsIn(msgspec.Struct):
    skills: dict[str, int]
    capacity: CapacityIn | None = None  # none of their own: their team's applies, else the default


class ReasonIn(msgspec.Struct):
    label_en: str
    label_vi: str
    active: bool = True


@get("/api/v1/queues", opt=rule("acd.desk"), sync_to_thread=True)
def list_queues(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    return {"queues": [_queue(q) for q in acd_config.queues(ctx, current(request).actor)]}


@get("/api/v1/queues/{code:str}", opt=rule("acd.desk"), sync_to_thread=True)
def read_queue(request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str]) -> dict[str, Any]:
    return _queue(acd_config.queue(ctx, current(request).actor, code))


@put("/api/v1/queues/{code:str}", opt=rule("acd.admin"), sync_to_thread=True)
def save_queue(
    request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str], data: JSONBody[QueueIn]
) -> dict[str, Any]:
    """Create or replace a queue; its emergency switch is left as it was (supervisors own it)."""
    saved = acd_admin_queues.save_queue(ctx, current(request).actor, code, **msgspec.structs.asdict(data))
    return _queue(saved)


@delete("/api/v1/queues/{code:str}", opt=rule("acd.admin"), sync_to_thread=True, status_code=204)
def delete_queue(request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str]) -> None:
    """409 while contacts are in the queue or another queue overflows to it."""
    acd_admin_queues.delete_queue(ctx, current(request).actor, code)


@get("/api/v1/skills", opt=rule("acd.desk"), sync_to_thread=True)
def list_skills(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    return {"skills": [_skill(s) for s in acd_config.skills(ctx, current(request).actor)]}


@get("/api/v1/skills/{code:str}", opt=rule("acd.desk"), sync_to_thread=True)
def read_skill(request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str]) -> dict[str, Any]:
    return _skill(acd_config.skill(ctx, current(request).actor, code))


@put("/api/v1/skills/{code:str}", opt=rule("acd.admin"), sync_to_thread=True)
def save_skill(
    request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str], data: JSONBody[SkillIn]
) -> dict[str, Any]:
    return _skill(acd_admin.save_skill(ctx, current(request).actor, code, data.name))


@get("/api/v1/calendars", opt=rule("acd.desk"), sync_to_thread=True)
def list_calendars(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    return {"calendars": [_calendar(c) for c in acd_config.calendars(ctx, current(request).actor)]}


@get("/api/v1/calendars/{code:str}", opt=rule("acd.desk"), sync_to_thread=True)
def read_calendar(request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str]) -> dict[str, Any]:
    return _calendar(acd_config.calendar(ctx, current(request).actor, code))


@put("/api/v1/calendars/{code:str}", opt=rule("acd.admin"), sync_to_thread=True)
def save_calendar(
    request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str], data: JSONBody[CalendarIn]
) -> dict[str, Any]:
    """Hours like {"mon-fri": "07:30-21:00", "sat": "08:00-12:00", "sun": "closed"}; holidays as ISO dates."""
    saved = acd_admin.save_calendar(
        ctx, current(request).actor, code, data.name, data.hours, data.holidays, data.timezone
    )
    return _calendar(saved)


@get("/api/v1/agent-skills", opt=rule("acd.wallboard"), sync_to_thread=True)
def list_agent_skills(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    """Every active agent and supervisor with skills and capacity."""
    return {"agents": [_agent(a) for a in acd_config.all_agent_skills(ctx, current(request).actor)]}


@get("/api/v1/agents/{user_id:int}/skills", opt=rule("acd.wallboard"), sync_to_thread=True)
def read_agent_skills(request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int]) -> dict[str, Any]:
    return _agent(acd_config.agent_skills(ctx, current(request).actor, user_id))


@put("/api/v1/agents/{user_id:int}/skills", opt=rule("acd.admin"), sync_to_thread=True)
def set_agent_skills(
    request: Request[Any, Any, Any], ctx: Ctx, user_id: FromPath[int], data: JSONBody[AgentSkillsIn]
) -> dict[str, Any]:
    """Replace the user's skills and capacity (without one: the team's, else the default); a logged-in agent
    routes with them at once."""
    actor = current(request).actor
    acd_admin.set_agent_skills(ctx, actor, user_id, data.skills, _capacity(data.capacity))
    return _agent(acd_config.agent_skills(ctx, actor, user_id))


@get("/api/v1/teams/{team_id:int}/capacity", opt=rule("acd.wallboard"), sync_to_thread=True)
def read_team_capacity(request: Request[Any, Any, Any], ctx: Ctx, team_id: FromPath[int]) -> dict[str, Any]:
    """The capacity of the team's agents who have none of their own (`capacity` null: the default)."""
    return _team(acd_config.team_capacity(ctx, current(request).actor, team_id))


@put("/api/v1/teams/{team_id:int}/capacity", opt=rule("acd.admin"), sync_to_thread=True)
def set_team_capacity(
    request: Request[Any, Any, Any], ctx: Ctx, team_id: FromPath[int], data: JSONBody[CapacityIn]
) -> dict[str, Any]:
    """Set it (0..10 per media, as for an agent); logged-in agents route with it at once."""
    actor = current(request).actor
    acd_admin.set_team_capacity(ctx, actor, team_id, _capacity(data))
    return _team(acd_config.team_capacity(ctx, actor, team_id))


@delete("/api/v1/teams/{team_id:int}/capacity", opt=rule("acd.admin"), sync_to_thread=True, status_code=204)
def clear_team_capacity(request: Request[Any, Any, Any], ctx: Ctx, team_id: FromPath[int]) -> None:
    """The team's agents without a capacity of their own get the default again."""
    acd_admin.set_team_capacity(ctx, current(request).actor, team_id, None)


@put("/api/v1/not-ready-reasons/{code:str}", opt=rule("acd.admin"), sync_to_thread=True)
def save_not_ready_reason(
    request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str], data: JSONBody[ReasonIn]
) -> dict[str, Any]:
    """Create or change a reason; an inactive one is no longer offered to agents."""
    reason = acd_admin_codes.save_not_ready_reason(
        ctx, current(request).actor, code, data.label_en, data.label_vi, data.active
    )
    return {"code": reason.code, "label_en": reason.label_en, "label_vi": reason.label_vi, "active": reason.active}


@put("/api/v1/contact-reasons/{code:str}", opt=rule("acd.admin"), sync_to_thread=True)
def save_contact_reason(
    request: Request[Any, Any, Any], ctx: Ctx, code: FromPath[str], data: JSONBody[ReasonIn]
) -> dict[str, Any]:
    """Create or change a contact reason; a retired one (`active` false) is no longer chosen at wrap-up but
    still labels the contacts that carry it. A new code's parent (`billing` for `billing.refund`) must exist."""
    reason = acd_admin_codes.save_contact_reason(
        ctx, current(request).actor, code, data.label_en, data.label_vi, data.active
    )
    return {
        "code": reason.code,
        "parent_code": reason.parent_code,
        "label_en": reason.label_en,
        "label_vi": reason.label_vi,
        "active": reason.active,
    }


def _queue(q: QueueSettings) -> dict[str, Any]:
    c = q.config
    return {
        "code": c.code,
        "name": q.name,
        "media": c.media.value,
        "skill": c.skill,
        "relax": [[t, level] for t, level in c.relax],
        "policy": c.policy.value,
        "offer_timeout_s": c.offer_timeout_s,
        "wrap_up_s": c.wrap_up_s,
        "overflow_to": c.overflow_to,
        "overflow_after_s": c.overflow_after_s,
        "priority_boost": dict(c.priority_boost),
        "sl_threshold_s": c.sl_threshold_s,
        "sl_target": c.sl_target,
        "calendar_code": q.calendar_code,
        "emergency": c.emergency,
    }


def _skill(s: Skill) -> dict[str, Any]:
    return {"code": s.code, "name": s.name}


def _calendar(c: CalendarSpec) -> dict[str, Any]:
    return {"code": c.code, "name": c.name, "hours": c.hours, "holidays": c.holidays, "timezone": c.timezone}


def _agent(a: acd_config.AgentSkills) -> dict[str, Any]:
    return {
        "user_id": a.user_id,
        "username": a.username,
        "display_name": a.display_name,
        "role": a.role,
        "skills": a.skills,
        "capacity": _capacity_out(a.capacity),
        "own_capacity": a.own_capacity,
    }


def _team(t: acd_config.TeamCapacity) -> dict[str, Any]:
    return {"team_id": t.team_id, "name": t.name, "capacity": _capacity_out(t.capacity) if t.capacity else None}


def _capacity(given: CapacityIn | None) -> Capacity | None:
    return None if given is None else Capacity(given.voice, given.chat, given.email)


def _capacity_out(c: Capacity) -> dict[str, int]:
    return {"voice": c.voice, "chat": c.chat, "email": c.email}


ROUTES = [
    list_queues,
    read_queue,
    save_queue,
    delete_queue,
    list_skills,
    read_skill,
    save_skill,
    list_calendars,
    read_calendar,
    save_calendar,
    list_agent_skills,
    read_agent_skills,
    set_agent_skills,
    read_team_capacity,
    set_team_capacity,
    clear_team_capacity,
    save_not_ready_reason,
    save_contact_reason,
]
