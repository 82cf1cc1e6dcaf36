"""The router's live records of agents and contacts (mutable, private to the engine).

Every change to an agent or a waiting contact bumps its `version`; index entries carry the version they
were made with, so stale entries are skipped instead of searched for and removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from carecenter.domain.routing.model import Capacity, Media, Presence

VOICE, CHAT, EMAIL = Media.VOICE, Media.CHAT, Media.EMAIL


class Stage(IntEnum):
    WAITING = 0
    OFFERED = 1
    CONNECTED = 2
    WRAP_UP = 3
    GONE = 4


class Timer(IntEnum):
    RELAX = 0
    OVERFLOW = 1
    OFFER = 2
    WRAP_UP = 3


class AgentState:
    __slots__ = ("capacity", "free_since", "held", "id", "load", "offer", "presence", "reason", "skills", "version")

    def __init__(self, agent_id: int, skills: Mapping[str, int], capacity: Capacity, now: float) -> None:
        self.id = agent_id
        self.skills = dict(skills)
        self.capacity = capacity
        self.presence = Presence.NOT_READY
        self.reason: str | None = None
        self.load = {VOICE: 0, CHAT: 0, EMAIL: 0}  # contacts held: connected or in wrap-up
        self.offer: int | None = None  # at most one offer rings at a time
        self.held: set[int] = set()  # the contacts counted in `load`
        self.free_since = now
        self.version = 0

    def can_take(self, media: Media) -> bool:
        """Ready, nothing ringing, a free slot of `media`; a call needs an empty desk, and blocks the rest."""
        if self.presence is not Presence.READY or self.offer is not None:
            return False
        load = self.load
        if media is VOICE:
            return self.capacity.voice > 0 and not (load[VOICE] or load[CHAT] or load[EMAIL])
        return not load[VOICE] and load[media] < self.capacity.of(media)

    def load_share(self) -> float:
        total = self.capacity.total
        return (self.load[VOICE] + self.load[CHAT] + self.load[EMAIL]) / total if total else 1.0

    def holds_contacts(self) -> bool:
        return any(self.load.values())


class ContactState:
    __slots__ = (
        "agent",
        "arrived",
        "callback",
        "entered",
        "entry",
        "id",
        "level",
        "offered_at",
        "offers",
        "priority",
        "queue",
        "segment",
        "seq",
        "stage",
        "version",
        "wrap_until",
    )

    def __init__(self, contact_id: int, queue: str, priority: int, segment: str | None, now: float, seq: int) -> None:
        self.id = contact_id
        self.queue = queue
        self.priority = priority  # base priority; the queue's segment boost is added on top
        self.segment = segment
        self.arrived = now  # its place in line: kept through offers and overflow
        self.entered = now  # when it entered its current queue (relaxation and overflow count from here)
        self.seq = seq  # breaks ties between contacts that arrived at the same instant
        self.level = 1
        self.stage = Stage.WAITING
        self.agent: int | None = None
        self.callback = False
        self.entry = 0  # bumped on every queue entry: timers of an earlier entry are void
        self.offers = 0  # bumped on every offer: a timeout of an earlier offer is void
        self.version = 0
        self.wrap_until: float | None = None
        self.offered_at: float | None = None  # when it was last offered


@dataclass(frozen=True, slots=True)
class AgentView:
    id: int
    presence: Presence
    reason: str | None
    load: Mapping[Media, int]
    offer: int | None
    free_since: float
    skills: Mapping[str, int]
    capacity: Capacity


@dataclass(frozen=True, slots=True)
class ContactView:
    """A contact as the router has it, with everything needed to save and restore it."""

    id: int
    queue: str
    stage: Stage
    agent: int | None
    arrived: float
    entered: float
    seq: int
    level: int
    priority: int
    segment: str | None
    callback: bool
    wrap_until: float | None
    offered_at: float | None = None
