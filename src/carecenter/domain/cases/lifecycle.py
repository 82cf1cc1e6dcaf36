"""How a case may move between status categories, and the small rules the commands apply on each move.

Statuses are configurable per kind; only their category decides what may follow. The moves:

- new -> open, pending the customer, pending a department, or resolved (solved on first contact);
- open -> pending the customer, pending a department, or resolved;
- pending (customer or department) -> open, the other pending, or resolved;
- resolved -> closed. Reopening (resolved -> open) belongs to the lifecycle, but the SLA clock cannot
  reopen yet, so it is refused with Conflict until it can;
- closed is final.

Moving between two statuses of one category ("awaiting meter" -> "technician on site") is allowed
until the case is closed; moving to the status the case already has is refused. Refusals are Conflict (HTTP 409): the
request is well formed, the case's state forbids it.
"""

from __future__ import annotations

from datetime import datetime

from carecenter.domain.cases.model import StatusCategory
from carecenter.domain.cases.sla import SlaClock
from carecenter.domain.errors import Conflict

_NEW = StatusCategory.NEW
_OPEN = StatusCategory.OPEN
_CUSTOMER = StatusCategory.PENDING_CUSTOMER
_DEPARTMENT = StatusCategory.PENDING_DEPARTMENT
_RESOLVED = StatusCategory.RESOLVED
_CLOSED = StatusCategory.CLOSED

ALLOWED: dict[StatusCategory, frozenset[StatusCategory]] = {
    _NEW: frozenset({_OPEN, _CUSTOMER, _DEPARTMENT, _RESOLVED}),
    _OPEN: frozenset({_CUSTOMER, _DEPARTMENT, _RESOLVED}),
    _CUSTOMER: frozenset({_OPEN, _DEPARTMENT, _RESOLVED}),
    _DEPARTMENT: frozenset({_OPEN, _CUSTOMER, _RESOLVED}),
    _RESOLVED: frozenset({_CLOSED}),
    _CLOSED: frozenset(),
}


def check_transition(current: StatusCategory, target: StatusCategory, current_label: str, target_label: str) -> None:
    """Raise Conflict, saying why in words a user understands, unless a case in `current` may move to `target`.

    The labels are the statuses' names as users see them (for the message only).
    """
    if current == target and current_label == target_label:
        raise Conflict(f"the case is already '{current_label}'")
    if current == target and current is not _CLOSED:
        return  # another status of the same category: a step inside the category
    if current is _CLOSED:
        raise Conflict("the case is closed; a closed case cannot change any more")
    if current is _RESOLVED and target is not _CLOSED:
        raise Conflict(f"the case is resolved; reopening it ('{target_label}') is not supported yet — open a new case")
    if target not in ALLOWED[current]:
        raise Conflict(
            f"a case cannot go from '{current_label}' ({current.value}) to '{target_label}' ({target.value})"
        )


def is_first_response(current: StatusCategory, clock: SlaClock | None) -> bool:
    """Whether leaving `current` answers the customer for the first time.

    The rule: a case is first answered when it leaves `new` (someone took it up: opened it, asked the
    customer, dispatched it, or resolved it on the spot). Notes do not count, so the response is
    always part of a versioned change of the case.
    """
    return current is _NEW and clock is not None and clock.responded_at is None


def clock_after_move(
    clock: SlaClock | None, current: StatusCategory, target: StatusCategory, at: datetime
) -> SlaClock | None:
    """The SLA clock after a permitted move from `current` to `target` at `at` (None: the case has no SLA).

    Records the first response when the case leaves `new`, then pauses (pending the customer), resumes
    or resolves the clock by the target category.
    """
    if clock is None:
        return None
    if is_first_response(current, clock):
        clock = clock.responded(at)
    return clock.with_category(target, at)


def first_contact_resolution(current: StatusCategory, target: StatusCategory, opener: int, actor: int) -> bool:
    """Resolved on first contact: the person who opened the case resolves it straight from `new`."""
    return current is _NEW and target is _RESOLVED and opener == actor
