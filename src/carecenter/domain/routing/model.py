"""What the router works with: queues and their policies, agents' skills and capacities, presence.

Time inside the routing core is a float of seconds on any monotonic-enough scale (Unix time in the
service, 0-based virtual time in simulations): the engine never reads a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from carecenter.domain.errors import FieldProblem, InvalidInput, ProblemCollector
from carecenter.domain.interactions.model import Channel

MAX_LEVEL = 10  # proficiency runs 1 (can help) .. 10 (expert)


class Media(StrEnum):
    """How a contact occupies an agent: a call takes the whole agent; chats and emails share one."""

    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"


MEDIA_OF_CHANNEL: Mapping[Channel, Media] = MappingProxyType(
    {
        Channel.VOICE: Media.VOICE,
        Channel.CHAT: Media.CHAT,
        Channel.SMS: Media.CHAT,
        Channel.SOCIAL: Media.CHAT,
        Channel.EMAIL: Media.EMAIL,
        Channel.WEB: Media.EMAIL,
        Channel.FAX: Media.EMAIL,
    }
)


class Presence(StrEnum):
    LOGGED_OUT = "logged_out"
    READY = "ready"
    NOT_READY = "not_ready"


class Policy(StrEnum):
    LONGEST_IDLE = "longest_idle"  # among the best-qualified, who has been free longest
    LEAST_LOADED = "least_loaded"  # among the best-qualified, lowest share of capacity in use, then longest free


class RevokeReason(StrEnum):
    MISSED = "missed"  # offer timed out: the agent goes not-ready "missed"
    REJECTED = "rejected"  # the agent declined: not-ready "rejected"
    ABANDONED = "abandoned"  # the customer left while it rang
    UNAVAILABLE = "unavailable"  # the agent went not-ready or logged out while it rang


# Not-ready reasons the router sets by itself; agents do not pick them.
SYSTEM_REASONS = frozenset(r.value for r in (RevokeReason.MISSED, RevokeReason.REJECTED))


class RefuseReason(StrEnum):
    CLOSED = "closed"  # outside the queue's business hours
    EMERGENCY = "emergency"  # the queue's emergency switch is on


class OpeningHours(Protocol):
    """The shared business calendar (domain.calendar) as the router needs it."""

    def is_open(self, at: datetime) -> bool: ...


@dataclass(frozen=True, slots=True)
class Capacity:
    """How many contacts of each media an agent may hold at once. A call excludes everything else."""

    voice: int = 1
    chat: int = 3
    email: int = 2

    def of(self, media: Media) -> int:
        return self.voice if media is Media.VOICE else self.chat if media is Media.CHAT else self.email

    @property
    def total(self) -> int:
        return self.voice + self.chat + self.email


@dataclass(frozen=True)
class QueueConfig:
    """One queue: which skill it needs, how that need relaxes with waiting time, and where it overflows.

    `relax` lists (seconds waited in this queue, minimum proficiency), starting at 0 s with strictly
    falling levels: ((0, 5), (30, 3), (60, 1)) takes experts first and anyone with the skill after a minute.
    `priority_boost` adds to a contact's priority by customer segment (VIP first).
    """

    code: str
    media: Media
    skill: str
    relax: tuple[tuple[float, int], ...] = ((0.0, 1),)
    policy: Policy = Policy.LONGEST_IDLE
    offer_timeout_s: float = 20.0
    wrap_up_s: float = 60.0
    overflow_to: str | None = None
    overflow_after_s: float | None = None
    priority_boost: Mapping[str, int] = field(default_factory=dict)
    sl_threshold_s: float = 20.0
    sl_target: float = 0.8
    hours: OpeningHours | None = None
    emergency: bool = False

    def __post_init__(self) -> None:
        problems = ProblemCollector()
        if not self.relax or self.relax[0][0] != 0:
            problems.add("relax", "must start at 0 seconds")
        for (t1, l1), (t2, l2) in zip(self.relax, self.relax[1:], strict=False):
            if not (t2 > t1 and l2 < l1):
                problems.add("relax", "times must rise and levels fall")
        if any(not 1 <= level <= MAX_LEVEL for _, level in self.relax):
            problems.add("relax", f"levels run from 1 to {MAX_LEVEL}")
        if self.offer_timeout_s <= 0:
            problems.add("offer_timeout_s", "must be above 0")
        if self.wrap_up_s < 0:
            problems.add("wrap_up_s", "must not be negative")
        if (self.overflow_to is None) != (self.overflow_after_s is None):
            problems.add("overflow_after_s", "give both overflow_to and overflow_after_s, or neither")
        if self.overflow_to == self.code:
            problems.add("overflow_to", "a queue cannot overflow to itself")
        if self.overflow_after_s is not None and self.overflow_after_s <= 0:
            problems.add("overflow_after_s", "must be above 0")
        if not 0 < self.sl_target <= 1:
            problems.add("sl_target", "must be a share between 0 and 1")
        problems.raise_if_any()

    def level_after(self, waited: float) -> int:
        """Minimum proficiency for a contact that has waited `waited` seconds in this queue."""
        level = self.relax[0][1]
        for after, relaxed in self.relax:
            if waited >= after:
                level = relaxed
        return level


def check_skills(skills: Mapping[str, int]) -> None:
    bad = [name for name, level in skills.items() if not 1 <= level <= MAX_LEVEL]
    if bad:
        raise InvalidInput(FieldProblem("skills", f"levels run from 1 to {MAX_LEVEL} ({', '.join(sorted(bad))})"))


def check_queue_graph(queues: dict[str, QueueConfig]) -> None:
    """Every overflow target exists; raised as a field problem naming the queue."""
    for queue in queues.values():
        if queue.overflow_to is not None and queue.overflow_to not in queues:
            raise InvalidInput(FieldProblem("overflow_to", f"queue {queue.code}: no queue {queue.overflow_to!r}"))
        target = queues.get(queue.overflow_to) if queue.overflow_to else None
        if target is not None and target.media is not queue.media:
            raise InvalidInput(
                FieldProblem("overflow_to", f"queue {queue.code} takes {queue.media.value}, {target.code} does not")
            )
