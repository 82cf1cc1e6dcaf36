"""The ACD's configuration and live state, as the application needs them.

`RoutingRepository` is what the router reads and writes while it runs; `RoutingConfigRepository` is what
the administrator edits (skills, calendars, queues, agents' and teams' capacities, agents' skills, reason
codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from carecenter.domain.interactions.model import ContactReason
from carecenter.domain.routing.model import Capacity, Presence, QueueConfig
from carecenter.domain.routing.state import Stage


@dataclass(frozen=True)
class AgentRecord:
    """An agent's saved live state (the row a restarted router reads back)."""

    user_id: int
    presence: Presence
    reason: str | None
    since: datetime
    free_since: datetime
    offer_contact_id: int | None


@dataclass(frozen=True)
class ContactRecord:
    interaction_id: int
    queue: str
    priority: int
    segment: str | None
    seq: int
    arrived_at: datetime
    entered_at: datetime
    stage: Stage
    agent_id: int | None
    callback: bool
    offered_at: datetime | None
    wrap_until: datetime | None


@dataclass(frozen=True)
class NotReadyReason:
    code: str
    label_en: str
    label_vi: str
    active: bool = True


class RoutingRepository(Protocol):
    def queues(self) -> list[QueueConfig]:
        """Every queue, with its business calendar attached as `hours`."""
        ...

    def skills_of(self, user_id: int) -> dict[str, int]: ...

    def capacity_of(self, user_id: int) -> Capacity:
        """The agent's own capacity, else their team's, else the default (1 call, or 3 chats + 2 emails)."""
        ...

    def agents(self) -> list[AgentRecord]:
        """Agents whose presence is not logged out."""
        ...

    def contacts(self, agent_id: int | None = None) -> list[ContactRecord]:
        """Every routed contact, or those offered to or held by `agent_id`."""
        ...

    def agent(self, user_id: int) -> AgentRecord | None:
        """The agent's saved live state (None if never logged in or logged out)."""
        ...

    def save_agent(self, record: AgentRecord, keep_offer: bool) -> None:
        """Insert or update the agent's row; with `keep_offer` its claim column is left as it is."""
        ...

    def claim_agent(self, user_id: int, contact_id: int) -> bool:
        """Compare-and-set: ring `user_id` for `contact_id` only if ready and not ringing. True if it won."""
        ...

    def save_contact(self, record: ContactRecord, new: bool = False) -> None:
        """Insert or update the contact's live row (`new`: it has none yet, so insert at once)."""
        ...

    def drop_contact(self, interaction_id: int) -> None: ...

    def set_emergency(self, queue: str, on: bool) -> None: ...

    def not_ready_reasons(self) -> list[NotReadyReason]: ...

    def take_step(self, step_id: int, at: datetime) -> bool:
        """Mark forwarded step `step_id` taken, in the step's own transaction; False if it was withdrawn."""
        ...


@dataclass(frozen=True)
class Skill:
    code: str
    name: str


@dataclass(frozen=True)
class CalendarSpec:
    """A business calendar as the administrator wrote it (see domain.calendar.calendar_from_text)."""

    code: str
    name: str
    hours: dict[str, str]  # {"mon-fri": "07:30-21:00", "sun": "closed"}
    holidays: list[str]  # ISO dates, sorted
    timezone: str


@dataclass(frozen=True)
class QueueSettings:
    """A queue as configured: its routing rules (`config.hours` is None here), name and calendar."""

    config: QueueConfig
    name: str
    calendar_code: str | None


@dataclass(frozen=True)
class AgentSettings:
    user_id: int
    skills: dict[str, int]
    capacity: Capacity | None  # None: none of their own (their team's applies, else the default)


class RoutingConfigRepository(Protocol):
    def skills(self) -> list[Skill]:
        """Every skill, by code."""
        ...

    def save_skill(self, skill: Skill) -> bool:
        """Insert or replace by code; True when it was new. Conflict if another writer created it meanwhile."""
        ...

    def calendars(self) -> list[CalendarSpec]:
        """Every calendar, by code."""
        ...

    def save_calendar(self, calendar: CalendarSpec) -> bool:
        """Insert or replace by code; True when it was new."""
        ...

    def queue_settings(self) -> list[QueueSettings]:
        """Every queue, by code, with its calendar code (not the calendar itself)."""
        ...

    def save_queue(self, queue: QueueSettings) -> bool:
        """Insert or replace by code; True when it was new. An existing queue keeps its emergency switch."""
        ...

    def delete_queue(self, code: str) -> bool:
        """False when there was no such queue."""
        ...

    def contacts_in(self, queue: str) -> int:
        """How many routed contacts (waiting, ringing, connected or in wrap-up) are in `queue` now."""
        ...

    def agent_settings(self) -> list[AgentSettings]:
        """Every user with configured skills or an own capacity (others route with no skill)."""
        ...

    def set_agent_settings(self, settings: AgentSettings) -> None:
        """Replace the user's skills and capacity (None removes their own capacity)."""
        ...

    def team_capacities(self) -> dict[int, Capacity]:
        """Team id -> capacity, for the teams that have one."""
        ...

    def set_team_capacity(self, team_id: int, capacity: Capacity | None) -> None:
        """Set or replace the team's capacity; None removes it."""
        ...

    def save_not_ready_reason(self, reason: NotReadyReason) -> bool:
        """Insert or replace by code; True when it was new."""
        ...

    def save_contact_reason(self, reason: ContactReason) -> bool:
        """Insert or replace by code; True when it was new."""
        ...
