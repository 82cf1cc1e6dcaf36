"""The fixed vocabulary of cases that SLA policies and clocks are keyed on.

Each case kind has its own configurable statuses (an admin may add "awaiting meter", "technician on
site", …); every one of them maps onto one `StatusCategory`, and only the category drives behaviour
such as pausing the SLA clock. Kinds and priorities are fixed, so a policy table can be complete.
"""

from __future__ import annotations

from enum import StrEnum


class StatusCategory(StrEnum):
    """What a status means to the platform, whatever an admin calls it."""

    NEW = "new"
    OPEN = "open"
    PENDING_CUSTOMER = "pending_customer"  # waiting on the customer: the resolution clock stops
    PENDING_DEPARTMENT = "pending_department"  # waiting on another department: the clock runs (it is our delay)
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def pauses_sla(self) -> bool:
        """Whether the resolution clock stands still while a case is in this category."""
        return self is StatusCategory.PENDING_CUSTOMER

    @property
    def is_final(self) -> bool:
        """Resolved or closed: the SLA clock has stopped for good (until a reopen)."""
        return self in (StatusCategory.RESOLVED, StatusCategory.CLOSED)


class CaseKind(StrEnum):
    FAULT = "fault"  # a fault or incident on the customer's service
    COMPLAINT = "complaint"
    REQUEST = "request"  # new connection, relocation, package change, meter installation…
    INQUIRY = "inquiry"
    SUGGESTION = "suggestion"


_RANKS = {"low": 0, "normal": 1, "high": 2, "urgent": 3}


class Priority(StrEnum):
    """How urgent a case is, ordered low < normal < high < urgent.

    A StrEnum (equal to its stored text), but compared by rank: plain str order would put "high"
    before "low". Comparing with anything but a Priority raises TypeError instead of silently
    falling back to alphabetical order.
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return _RANKS[self.value]

    def raised(self) -> Priority:
        """One step up (the "raise priority" breach action); urgent stays urgent."""
        members = list(Priority)
        return members[min(self.rank + 1, len(members) - 1)]

    def _rank_of(self, other: object) -> int:
        if not isinstance(other, Priority):
            raise TypeError(f"cannot order a Priority against {type(other).__name__}")
        return other.rank

    def __lt__(self, other: object) -> bool:
        return self.rank < self._rank_of(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= self._rank_of(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > self._rank_of(other)

    def __ge__(self, other: object) -> bool:
        return self.rank >= self._rank_of(other)
