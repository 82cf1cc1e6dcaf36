"""What the router is told (inputs) and what it decides (outputs).

Inputs are facts from agents, customers and channels; outputs are only what the router itself decided
(queued, offered, revoked, overflowed, refused, presence it forced, wrap-ups it timed out). The caller
records both in the event table, so the table holds the whole lifecycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from carecenter.domain.routing.model import Capacity, Presence, RefuseReason, RevokeReason

# ---- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentLoggedIn:
    agent: int
    skills: Mapping[str, int]
    capacity: Capacity = field(default_factory=Capacity)
    ready: bool = False


@dataclass(frozen=True, slots=True)
class AgentLoggedOut:
    agent: int


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    agent: int
    ready: bool
    reason: str | None = None  # a not-ready reason code


@dataclass(frozen=True, slots=True)
class SkillsChanged:
    agent: int
    skills: Mapping[str, int]
    capacity: Capacity | None = None


@dataclass(frozen=True, slots=True)
class ContactArrived:
    contact: int
    queue: str
    priority: int = 0
    segment: str | None = None


@dataclass(frozen=True, slots=True)
class ContactAbandoned:
    contact: int


@dataclass(frozen=True, slots=True)
class CallbackRequested:
    """The caller hangs up but keeps their place; the agent who gets it calls back."""

    contact: int


@dataclass(frozen=True, slots=True)
class OfferAccepted:
    contact: int
    agent: int


@dataclass(frozen=True, slots=True)
class OfferRejected:
    contact: int
    agent: int


@dataclass(frozen=True, slots=True)
class ContactTransferred:
    """A connected contact goes to another queue (a new place there); its agent's slot frees at once."""

    contact: int
    queue: str


@dataclass(frozen=True, slots=True)
class ContactEnded:
    contact: int


@dataclass(frozen=True, slots=True)
class WrapUpDone:
    contact: int


@dataclass(frozen=True, slots=True)
class EmergencySet:
    queue: str
    on: bool


RoutingInput = (
    AgentLoggedIn
    | AgentLoggedOut
    | PresenceChanged
    | SkillsChanged
    | ContactArrived
    | ContactAbandoned
    | CallbackRequested
    | OfferAccepted
    | OfferRejected
    | ContactTransferred
    | ContactEnded
    | WrapUpDone
    | EmergencySet
)

# ---- decisions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Queued:
    contact: int
    queue: str
    at: float


@dataclass(frozen=True, slots=True)
class Offered:
    contact: int
    agent: int
    queue: str
    at: float
    callback: bool = False


@dataclass(frozen=True, slots=True)
class OfferRevoked:
    """The offer is off; the contact is back at its original place (unless abandoned)."""

    contact: int
    agent: int
    reason: RevokeReason
    at: float


@dataclass(frozen=True, slots=True)
class PresenceForced:
    agent: int
    presence: Presence
    reason: str | None
    at: float


@dataclass(frozen=True, slots=True)
class Overflowed:
    contact: int
    from_queue: str
    to_queue: str
    at: float


@dataclass(frozen=True, slots=True)
class Refused:
    contact: int
    queue: str
    reason: RefuseReason
    at: float


@dataclass(frozen=True, slots=True)
class WrapUpExpired:
    contact: int
    agent: int
    at: float


Decision = Queued | Offered | OfferRevoked | PresenceForced | Overflowed | Refused | WrapUpExpired
