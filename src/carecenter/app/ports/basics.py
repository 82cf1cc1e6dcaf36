"""Small ports every use case may need: time, password hashing, the event log and the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from carecenter.domain.events import Event


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, hashed: str, password: str) -> bool:
        """True when `password` matches; never raises for a wrong password."""
        ...

    def needs_rehash(self, hashed: str) -> bool: ...


@dataclass(frozen=True)
class Logged:
    """An event as the log holds it: its position, the event, and when it happened."""

    position: int
    event: Event
    at: datetime
    actor_id: int | None = None  # who did it (None: the system, or not read)


class EventLog(Protocol):
    def append(self, event: Event, actor_id: int | None, at: datetime) -> int:
        """Append `event` in the current transaction; returns its position in the log."""
        ...

    def of_aggregate(self, aggregate: str, aggregate_id: str, limit: int = 500) -> list[Logged]:
        """The latest `limit` events of one aggregate (a case, a customer…), oldest first, with their actor."""
        ...

    def append_all(self, events: list[Event], actor_id: int | None, at: datetime) -> list[int]:
        """Append `events` in order, in one statement; returns their positions (ascending)."""
        ...

    def after(self, position: int, limit: int = 1000) -> list[tuple[int, Event]]: ...

    def since(
        self, position: int, aggregates: tuple[str, ...], not_before: datetime, limit: int = 5000
    ) -> list[Logged]:
        """Events of `aggregates` after `position` that happened at or after `not_before`, oldest first."""
        ...


class Outbox(Protocol):
    def add(
        self,
        channel: str,
        template: str,
        payload: dict[str, Any],
        at: datetime,
        recipient: str | None = None,
        customer_id: int | None = None,
        locale: str = "vi",
    ) -> int:
        """Queue a message to a customer in the current transaction; a relay sends it later."""
        ...
