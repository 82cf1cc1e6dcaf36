"""RoutingRepository on SQLAlchemy Core: queue configuration in, live ACD state in and out."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import (
    acd_inbox,
    agent_profiles,
    agent_skills,
    agent_state,
    calendars,
    not_ready_reasons,
    queues,
    routing_contacts,
    team_capacity,
    users,
)
from carecenter.app.ports.routing import AgentRecord, ContactRecord, NotReadyReason
from carecenter.domain.calendar.business_hours import BusinessCalendar, calendar_from_text
from carecenter.domain.routing.model import Capacity, Media, Policy, Presence, QueueConfig
from carecenter.domain.routing.state import Stage

_STAGES = {s.name.lower(): s for s in Stage}


# The live-state writes run on every routing step: built once, values bound at execution.
_AGENT_KEY = (agent_state.c.tenant_id == bindparam("key_tenant"), agent_state.c.user_id == bindparam("key_user"))
_SAVE_AGENT = update(agent_state).where(*_AGENT_KEY).values(version=agent_state.c.version + 1)
_ADD_AGENT = insert(agent_state)
_CLAIM_AGENT = (
    update(agent_state)
    .where(*_AGENT_KEY, agent_state.c.presence == bindparam("ready"), agent_state.c.offer_contact_id.is_(None))
    .values(version=agent_state.c.version + 1)
)
_CONTACT_KEY = (
    routing_contacts.c.tenant_id == bindparam("key_tenant"),
    routing_contacts.c.interaction_id == bindparam("key_contact"),
)
_SAVE_CONTACT = update(routing_contacts).where(*_CONTACT_KEY)
_ADD_CONTACT = insert(routing_contacts)
_DROP_CONTACT = delete(routing_contacts).where(*_CONTACT_KEY)


class SqlRoutingRepository(Repository):
    def queues(self) -> list[QueueConfig]:
        hours = {r.code: calendar_of(r) for r in self.db.execute(select(calendars).where(self._mine(calendars)))}
        rows = self.db.execute(select(queues).where(self._mine(queues)).order_by(queues.c.code))
        return [replace(queue_config(r), hours=hours.get(r.calendar_code) if r.calendar_code else None) for r in rows]

    def skills_of(self, user_id: int) -> dict[str, int]:
        rows = self.db.execute(
            select(agent_skills.c.skill_code, agent_skills.c.level).where(
                self._mine(agent_skills), agent_skills.c.user_id == user_id
            )
        )
        return {r.skill_code: r.level for r in rows}

    def capacity_of(self, user_id: int) -> Capacity:
        own, team, user = agent_profiles.c, team_capacity.c, users.c
        joined = users.outerjoin(agent_profiles, (own.user_id == user.id) & (own.tenant_id == user.tenant_id))
        joined = joined.outerjoin(team_capacity, (team.team_id == user.team_id) & (team.tenant_id == user.tenant_id))
        row = self.db.execute(
            select(
                own.voice_capacity,
                own.chat_capacity,
                own.email_capacity,
                team.voice_capacity,
                team.chat_capacity,
                team.email_capacity,
            )
            .select_from(joined)
            .where(self._mine(users), users.c.id == user_id)
        ).first()
        if row is not None and row[0] is not None:  # the agent's own capacity
            return Capacity(row[0], row[1], row[2])
        if row is not None and row[3] is not None:  # else their team's
            return Capacity(row[3], row[4], row[5])
        return Capacity()

    def agents(self) -> list[AgentRecord]:
        rows = self.db.execute(
            select(agent_state).where(self._mine(agent_state), agent_state.c.presence != Presence.LOGGED_OUT.value)
        )
        return [
            AgentRecord(r.user_id, Presence(r.presence), r.reason, r.since, r.free_since, r.offer_contact_id)
            for r in rows
        ]

    def agent(self, user_id: int) -> AgentRecord | None:
        r = self.db.execute(
            select(agent_state).where(
                self._mine(agent_state),
                agent_state.c.user_id == user_id,
                agent_state.c.presence != Presence.LOGGED_OUT.value,
            )
        ).first()
        if r is None:
            return None
        return AgentRecord(r.user_id, Presence(r.presence), r.reason, r.since, r.free_since, r.offer_contact_id)

    def contacts(self, agent_id: int | None = None) -> list[ContactRecord]:
        query = select(routing_contacts).where(self._mine(routing_contacts))
        if agent_id is not None:
            query = query.where(routing_contacts.c.agent_id == agent_id)
        rows = self.db.execute(query.order_by(routing_contacts.c.interaction_id))
        return [
            ContactRecord(
                r.interaction_id,
                r.queue,
                r.priority,
                r.segment,
                r.seq,
                r.arrived_at,
                r.entered_at,
                _STAGES[r.stage],
                r.agent_id,
                r.callback,
                r.offered_at,
                r.wrap_until,
            )
            for r in rows
        ]

    def save_agent(self, record: AgentRecord, keep_offer: bool) -> None:
        values: dict[str, Any] = {
            "presence": record.presence.value,
            "reason": record.reason,
            "since": record.since,
            "free_since": record.free_since,
        }
        if not keep_offer:
            values["offer_contact_id"] = record.offer_contact_id
        key = {"key_tenant": self.tenant_id, "key_user": record.user_id}
        if not self.db.execute(_SAVE_AGENT, {**key, **values}).rowcount:
            values.setdefault("offer_contact_id", None)
            self.db.execute(_ADD_AGENT, {"tenant_id": self.tenant_id, "user_id": record.user_id, **values})

    def claim_agent(self, user_id: int, contact_id: int) -> bool:
        params = {"key_tenant": self.tenant_id, "key_user": user_id, "ready": Presence.READY.value}
        return bool(self.db.execute(_CLAIM_AGENT, {**params, "offer_contact_id": contact_id}).rowcount)

    def save_contact(self, record: ContactRecord, new: bool = False) -> None:
        values = {
            "queue": record.queue,
            "priority": record.priority,
            "segment": record.segment,
            "seq": record.seq,
            "arrived_at": record.arrived_at,
            "entered_at": record.entered_at,
            "stage": record.stage.name.lower(),
            "agent_id": record.agent_id,
            "callback": record.callback,
            "offered_at": record.offered_at,
            "wrap_until": record.wrap_until,
        }
        key = {"key_tenant": self.tenant_id, "key_contact": record.interaction_id}
        if new or not self.db.execute(_SAVE_CONTACT, {**key, **values}).rowcount:
            self.db.execute(
                _ADD_CONTACT, {"tenant_id": self.tenant_id, "interaction_id": record.interaction_id, **values}
            )

    def drop_contact(self, interaction_id: int) -> None:
        self.db.execute(_DROP_CONTACT, {"key_tenant": self.tenant_id, "key_contact": interaction_id})

    def set_emergency(self, queue: str, on: bool) -> None:
        self.db.execute(update(queues).where(self._mine(queues), queues.c.code == queue).values(emergency=on))

    def not_ready_reasons(self) -> list[NotReadyReason]:
        rows = self.db.execute(
            select(not_ready_reasons).where(self._mine(not_ready_reasons)).order_by(not_ready_reasons.c.id)
        )
        return [NotReadyReason(r.code, r.label_en, r.label_vi, r.active) for r in rows]

    def take_step(self, step_id: int, at: datetime) -> bool:
        taken = self.db.execute(
            update(acd_inbox)
            .where(self._mine(acd_inbox), acd_inbox.c.id == step_id, acd_inbox.c.status == "pending")
            .values(status="done", done_at=at)
        ).rowcount
        return bool(taken)

    def _mine(self, table: Any) -> Any:
        return table.c.tenant_id == self.tenant_id


def queue_config(row: Any) -> QueueConfig:
    """A `queues` row as the router's QueueConfig (without its calendar: `hours` is None)."""
    return QueueConfig(
        code=row.code,
        media=Media(row.media),
        skill=row.skill_code,
        relax=tuple((float(t), int(level)) for t, level in row.relax),
        policy=Policy(row.policy),
        offer_timeout_s=row.offer_timeout_s,
        wrap_up_s=row.wrap_up_s,
        overflow_to=row.overflow_to,
        overflow_after_s=row.overflow_after_s,
        priority_boost=dict(row.priority_boost),
        sl_threshold_s=row.sl_threshold_s,
        sl_target=row.sl_target,
        emergency=row.emergency,
    )


def calendar_of(row: Any) -> BusinessCalendar:
    """A `calendars` row as the one BusinessCalendar (routing, IVR and SLA policies read it alike)."""
    return calendar_from_text(dict(row.hours), [date.fromisoformat(d) for d in row.holidays], timezone=row.timezone)
