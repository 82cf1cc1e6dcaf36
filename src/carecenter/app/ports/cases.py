"""Where cases, their notes and links, and the case configuration (statuses, SLA policies) are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from carecenter.domain.cases.case import Case, CaseNote, CaseStatus, Relation
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import SlaPolicy
from carecenter.domain.cases.sla_policy import PolicySpec


@dataclass(frozen=True)
class CaseFilter:
    """What a case list asks for; None means "any". `at_risk` is "warning" or "breached" at `now`.

    `region` limits the list to cases opened in that region (None: every region); `text` is matched
    anywhere in the subject, ignoring case and diacritics ("mat mang" finds "Mất mạng").
    """

    kind: CaseKind | None = None
    category: StatusCategory | None = None
    priority: Priority | None = None
    department_id: int | None = None
    assignee_id: int | None = None
    customer_id: int | None = None
    at_risk: str | None = None
    text: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class CaseSummary:
    """One line of a case list; `warn_at`/`due_at` are when it is first in warning / breached (None: never,
    as things stand)."""

    id: int
    number: str
    kind: CaseKind
    status_code: str
    category: StatusCategory
    priority: Priority
    subject: str
    customer_id: int
    region_code: str | None
    department_id: int | None
    team_id: int | None
    assignee_id: int | None
    opened_at: datetime
    updated_at: datetime
    warn_at: datetime | None
    due_at: datetime | None
    version: int


@dataclass(frozen=True)
class LinkedInteraction:
    interaction_id: int
    relation: Relation
    channel: str
    started_at: datetime
    status: str


class CaseRepository(Protocol):
    def add(self, case: Case) -> Case:
        """Insert a new case; returns it with its id and number."""
        ...

    def get(self, case_id: int) -> Case:
        """The case with its SLA clock rebuilt from the policies; NotFound when absent."""
        ...

    def save(self, case: Case, expected_version: int) -> Case:
        """Compare-and-set on `version`; returns the case with its new version.

        Conflict (with the current version) when someone saved it since `expected_version`; also
        stores the SLA instants derived from the clock as it stands at `case.updated_at`.
        """
        ...

    def link_interaction(self, case_id: int, interaction_id: int, relation: Relation) -> None:
        """Link an interaction to the case (a repeated link keeps its first relation)."""
        ...

    def interactions_of(self, case_id: int) -> list[LinkedInteraction]:
        """The linked interactions, oldest first."""
        ...

    def add_note(self, note: CaseNote) -> int: ...

    def notes_of(self, case_id: int) -> list[CaseNote]:
        """The follow-up sheet, oldest first."""
        ...

    def find(self, where: CaseFilter, now: datetime, limit: int, offset: int) -> list[CaseSummary]:
        """Cases matching `where`: soonest due first when `at_risk` is asked, else newest first."""
        ...


class CaseConfigRepository(Protocol):
    def statuses(self, kind: CaseKind | None = None) -> list[CaseStatus]:
        """The statuses (of one kind, or every kind), inactive ones included, by kind and position."""
        ...

    def policy_specs(self) -> list[PolicySpec]:
        """The SLA policies as configured (calendars named by code), by code."""
        ...

    def policies(self) -> list[SlaPolicy]:
        """The SLA policies with their calendars, ready for choose_policy and SlaClock."""
        ...


class CaseTimerRepository(Protocol):
    """The SLA job runner's side of the cases: claims on due timers and the alarms already acted on."""

    def claim(self, worker: str, now: datetime, until: datetime, limit: int) -> list[int]:
        """Claim up to `limit` cases whose timer is due (`sla_next_at <= now`) and not held by a live lease,
        in one conditional UPDATE (soonest first), until `until`; returns the ids `worker` now holds."""
        ...

    def fired(self, case_id: int) -> frozenset[str]:
        """The alarms already acted on for the case ("resolution.warning", …)."""
        ...

    def finish(
        self, case_id: int, version: int, fired: frozenset[str], next_at: datetime | None, escalated_at: datetime | None
    ) -> None:
        """Record what was acted on and the next timer, and drop the claim (in the actions' transaction).

        Only while the case is still at `version`: Conflict when someone changed it meanwhile."""
        ...

    def release(self, case_id: int, worker: str) -> None:
        """Drop `worker`'s claim on the case without acting (it is retried on the next round)."""
        ...
