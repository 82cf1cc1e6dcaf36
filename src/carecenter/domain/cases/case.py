"""A case as the application handles it: the record, its configurable statuses, notes and links.

A case is opened for one customer, in a status of its kind (each status maps onto a StatusCategory),
with a priority and, when a policy applies, an SLA clock. Its number is derived from its id
(`case_number`); `public_token` is the unguessable key of the public status page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import SlaClock, SlaState
from carecenter.domain.errors import ProblemCollector

SUBJECT_MAX = 200
DESCRIPTION_MAX = 5000
NOTE_MAX = 5000
CODE_MAX = 64  # status, resolution and cause codes
CUSTOM_FIELDS_MAX = 50  # custom fields per case
CUSTOM_VALUE_MAX = 500  # characters of one custom text value


def case_number(case_id: int) -> str:
    """What people read and say: "C-" and the id, at least six digits ("C-000123", then "C-1234567").

    Derived from the id rather than counted per tenant: no shared counter to update, unique by
    construction. Numbers of one tenant may have gaps (ids are shared by every tenant).
    """
    return f"C-{case_id:06d}"


class NoteKind(StrEnum):
    """A line of the follow-up sheet: a remark, something done, or a contact with the customer."""

    NOTE = "note"
    ACTION = "action"
    CONTACT = "contact"


class Relation(StrEnum):
    """How an interaction relates to a case: the contact that raised it, or one that touched it later."""

    RAISED = "raised"
    TOUCHED = "touched"


@dataclass(frozen=True)
class CaseStatus:
    """One configurable status of a case kind, mapped onto its fixed category."""

    kind: CaseKind
    code: str
    label_en: str
    label_vi: str
    category: StatusCategory
    position: int = 0
    active: bool = True


@dataclass(frozen=True)
class Case:
    """A case (ticket). `version` is the compare-and-set counter; `sla` is None when no policy applied."""

    id: int | None
    kind: CaseKind
    status_code: str
    category: StatusCategory
    priority: Priority
    subject: str
    description: str
    customer_id: int
    opened_by: int
    opened_at: datetime
    updated_at: datetime
    public_token: str
    region_code: str | None = None
    number: str | None = None
    service_account_id: int | None = None
    premise_id: int | None = None
    department_id: int | None = None
    team_id: int | None = None
    assignee_id: int | None = None
    parent_id: int | None = None
    resolution_code: str | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    cause_code: str | None = None
    first_contact_resolution: bool = False
    custom: dict[str, Any] = field(default_factory=dict)
    sla: SlaClock | None = None
    version: int = 1

    @property
    def policy_code(self) -> str | None:
        """The SLA policy in force (after the clock's last change), if any."""
        return self.sla.policy.code if self.sla is not None else None

    @property
    def dispatched(self) -> bool:
        """Sent to a department or a team to be worked (a person alone may be the agent who keeps it)."""
        return self.department_id is not None or self.team_id is not None


@dataclass(frozen=True)
class CaseNote:
    id: int | None
    case_id: int
    author_id: int
    at: datetime
    kind: NoteKind
    text: str


def parse_choice(problems: ProblemCollector, name: str, value: str, choices: type[StrEnum]) -> Any:
    """`value` as a member of `choices`, or None with a problem naming `name` and the accepted values."""
    try:
        return choices(value)
    except ValueError:
        problems.add(name, f"must be one of {', '.join(c.value for c in choices)}")
        return None


def check_text(problems: ProblemCollector, name: str, value: str | None, maximum: int, required: bool = True) -> None:
    """A free text field: present and not blank when `required`, at most `maximum` characters."""
    if value is None or not value.strip():
        if required:
            problems.add(name, "required")
        return
    problems.check_length(name, value.strip(), maximum)


def check_custom(problems: ProblemCollector, custom: dict[str, Any]) -> None:
    """Custom fields: up to CUSTOM_FIELDS_MAX names of 1-64 characters, each holding text (up to
    CUSTOM_VALUE_MAX characters), a number, true/false or null — flat, so reports can read them."""
    if len(custom) > CUSTOM_FIELDS_MAX:
        problems.add("custom", f"at most {CUSTOM_FIELDS_MAX} fields")
    for name, value in custom.items():
        if not 1 <= len(name) <= CODE_MAX:
            problems.add("custom", f"field names have 1 to {CODE_MAX} characters ({name[:70]!r})")
        elif isinstance(value, str):
            problems.check_length(f"custom.{name}", value, CUSTOM_VALUE_MAX)
        elif not (value is None or isinstance(value, bool | int | float)):
            problems.add(f"custom.{name}", "must be text, a number, true/false or null")


def risk_at(warning: datetime | None, breach: datetime | None, now: datetime) -> SlaState | None:
    """A case's SLA at `now` from its stored risk window (SlaClock.risk_window at its last change):
    BREACHED, WARNING, ON_TRACK, or None when it has no running target (no SLA, resolved, paused)."""
    if breach is not None and breach <= now:
        return SlaState.BREACHED
    if warning is not None and warning <= now:
        return SlaState.WARNING
    return SlaState.ON_TRACK if breach is not None or warning is not None else None
