"""RoutingConfigRepository on SQLAlchemy Core: what the administrator edits about the ACD."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.repos.routing import queue_config
from carecenter.adapters.db.tables import (
    agent_profiles,
    agent_skills,
    calendars,
    contact_reasons,
    not_ready_reasons,
    queues,
    routing_contacts,
    skills,
    team_capacity,
)
from carecenter.app.ports.routing import AgentSettings, CalendarSpec, NotReadyReason, QueueSettings, Skill
from carecenter.domain.errors import Conflict
from carecenter.domain.interactions.model import ContactReason
from carecenter.domain.routing.model import Capacity


class SqlRoutingConfigRepository(Repository):
    def skills(self) -> list[Skill]:
        rows = self.db.execute(select(skills).where(self._mine(skills)).order_by(skills.c.code))
        return [Skill(r.code, r.name) for r in rows]

    def save_skill(self, skill: Skill) -> bool:
        return self._upsert(skills, skill.code, {"name": skill.name})

    def calendars(self) -> list[CalendarSpec]:
        rows = self.db.execute(select(calendars).where(self._mine(calendars)).order_by(calendars.c.code))
        return [CalendarSpec(r.code, r.name, dict(r.hours), list(r.holidays), r.timezone) for r in rows]

    def save_calendar(self, calendar: CalendarSpec) -> bool:
        values = {
            "name": calendar.name,
            "hours": calendar.hours,
            "holidays": calendar.holidays,
            "timezone": calendar.timezone,
        }
        return self._upsert(calendars, calendar.code, values)

    def queue_settings(self) -> list[QueueSettings]:
        rows = self.db.execute(select(queues).where(self._mine(queues)).order_by(queues.c.code))
        return [QueueSettings(queue_config(r), r.name, r.calendar_code) for r in rows]

    def save_queue(self, queue: QueueSettings) -> bool:
        q = queue.config
        values = {
            "name": queue.name,
            "media": q.media.value,
            "skill_code": q.skill,
            "relax": [[t, level] for t, level in q.relax],
            "policy": q.policy.value,
            "offer_timeout_s": q.offer_timeout_s,
            "wrap_up_s": q.wrap_up_s,
            "overflow_to": q.overflow_to,
            "overflow_after_s": q.overflow_after_s,
            "priority_boost": dict(q.priority_boost),
            "sl_threshold_s": q.sl_threshold_s,
            "sl_target": q.sl_target,
            "calendar_code": queue.calendar_code,
        }
        # The emergency switch belongs to supervisors (acd.supervise): a configuration save leaves it alone.
        return self._upsert(queues, q.code, values, on_insert={"emergency": q.emergency})

    def delete_queue(self, code: str) -> bool:
        return bool(self.db.execute(delete(queues).where(self._mine(queues), queues.c.code == code)).rowcount)

    def contacts_in(self, queue: str) -> int:
        count = self.db.execute(
            select(func.count()).where(self._mine(routing_contacts), routing_contacts.c.queue == queue)
        ).scalar_one()
        return int(count)

    def agent_settings(self) -> list[AgentSettings]:
        levels: dict[int, dict[str, int]] = {}
        for r in self.db.execute(select(agent_skills).where(self._mine(agent_skills))):
            levels.setdefault(r.user_id, {})[r.skill_code] = r.level
        capacities = {
            r.user_id: Capacity(r.voice_capacity, r.chat_capacity, r.email_capacity)
            for r in self.db.execute(select(agent_profiles).where(self._mine(agent_profiles)))
        }
        return [
            AgentSettings(user_id, dict(sorted(levels.get(user_id, {}).items())), capacities.get(user_id))
            for user_id in sorted(levels.keys() | capacities.keys())
        ]

    def set_agent_settings(self, settings: AgentSettings) -> None:
        mine = (self._mine(agent_skills), agent_skills.c.user_id == settings.user_id)
        self.db.execute(delete(agent_skills).where(*mine))
        if settings.skills:
            self.db.execute(
                insert(agent_skills),
                [
                    {"tenant_id": self.tenant_id, "user_id": settings.user_id, "skill_code": code, "level": level}
                    for code, level in settings.skills.items()
                ],
            )
        profile = (self._mine(agent_profiles), agent_profiles.c.user_id == settings.user_id)
        if settings.capacity is None:
            self.db.execute(delete(agent_profiles).where(*profile))
            return
        capacity = _capacity_columns(settings.capacity)
        if not self.db.execute(update(agent_profiles).where(*profile).values(**capacity)).rowcount:
            self._insert(agent_profiles, {"tenant_id": self.tenant_id, "user_id": settings.user_id, **capacity})

    def team_capacities(self) -> dict[int, Capacity]:
        return {
            r.team_id: Capacity(r.voice_capacity, r.chat_capacity, r.email_capacity)
            for r in self.db.execute(select(team_capacity).where(self._mine(team_capacity)))
        }

    def set_team_capacity(self, team_id: int, capacity: Capacity | None) -> None:
        key = (self._mine(team_capacity), team_capacity.c.team_id == team_id)
        if capacity is None:
            self.db.execute(delete(team_capacity).where(*key))
            return
        values = _capacity_columns(capacity)
        if not self.db.execute(update(team_capacity).where(*key).values(**values)).rowcount:
            self._insert(team_capacity, {"tenant_id": self.tenant_id, "team_id": team_id, **values})

    def save_not_ready_reason(self, reason: NotReadyReason) -> bool:
        values = {"label_en": reason.label_en, "label_vi": reason.label_vi, "active": reason.active}
        return self._upsert(not_ready_reasons, reason.code, values)

    def save_contact_reason(self, reason: ContactReason) -> bool:
        values = {"label_en": reason.label_en, "label_vi": reason.label_vi, "active": reason.active}
        return self._upsert(contact_reasons, reason.code, values)

    def _upsert(self, table: Table, code: str, values: dict[str, Any], on_insert: dict[str, Any] | None = None) -> bool:
        """Update the tenant's row with `code`, or insert it; True when inserted."""
        key = (self._mine(table), table.c.code == code)
        if self.db.execute(update(table).where(*key).values(**values)).rowcount:
            return False
        self._insert(table, {"tenant_id": self.tenant_id, "code": code, **values, **(on_insert or {})})
        return True

    def _insert(self, table: Table, values: dict[str, Any]) -> None:
        try:
            self.db.execute(insert(table).values(**values))
        except IntegrityError as exc:
            # Two administrators created the same code at once: the later one is told, not shown a 500.
            raise Conflict(f"someone else saved this {table.name} at the same time; reload and try again") from exc

    def _mine(self, table: Table) -> Any:
        return table.c.tenant_id == self.tenant_id


def _capacity_columns(capacity: Capacity) -> dict[str, int]:
    return {"voice_capacity": capacity.voice, "chat_capacity": capacity.chat, "email_capacity": capacity.email}
