"""Heaps that let the router answer its two questions without scanning.

- Which free agent is best for this contact? One heap per (skill, level, media, policy) of agents who
  can take that media now, ordered by the policy; levels are tried from the highest down.
- Which waiting contact is first for this agent? One heap per (queue, required level) ordered by
  (-priority, arrival, seq); an agent with level L looks at the heads of its queues' heaps for levels <= L.

Entries are never removed in place: they carry the record's version and are dropped when they reach the
top stale. Heaps are rebuilt when stale entries outnumber live ones, so memory stays bounded.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from carecenter.domain.routing.model import Media, Policy
from carecenter.domain.routing.state import AgentState, ContactState, Stage

MEDIA = (Media.VOICE, Media.CHAT, Media.EMAIL)

AgentKey = tuple[str, int, Media, Policy]
AgentEntry = tuple[float, float, int, int, AgentState]  # (policy key, free since, agent id, version, agent)
ContactEntry = tuple[int, float, int, int, ContactState]  # (-priority, arrived, seq, version, contact)


class FreeAgents:
    def __init__(self) -> None:
        self._heaps: dict[AgentKey, list[AgentEntry]] = {}
        self._sizes: dict[AgentKey, int] = {}
        self._levels: dict[tuple[str, Media], list[int]] = defaultdict(list)  # levels seen, highest first
        self.policies: dict[tuple[str, Media], set[Policy]] = defaultdict(set)  # which orders queues ask for
        self._stamp = 0  # versions unique across agent records, so a new login never ties with stale entries

    def index(self, agent: AgentState) -> None:
        """Call after every change to `agent`: old entries go stale, fresh ones go in where it can work."""
        self._stamp += 1
        agent.version = version = self._stamp
        for media in MEDIA:
            if not agent.can_take(media):
                continue
            share = agent.load_share()
            for skill, level in agent.skills.items():
                for policy in self.policies.get((skill, media), ()):
                    key = (skill, level, media, policy)
                    heap = self._heaps.get(key)
                    if heap is None:
                        heap = self._heaps[key] = []
                        self._sizes[key] = 64
                        levels = self._levels[(skill, media)]
                        if level not in levels:
                            levels.append(level)
                            levels.sort(reverse=True)
                    first = share if policy is Policy.LEAST_LOADED else 0.0
                    heapq.heappush(heap, (first, agent.free_since, agent.id, version, agent))
                    if len(heap) > self._sizes[key]:
                        self._compact(key, heap)

    def best(self, skill: str, media: Media, policy: Policy, min_level: int) -> AgentState | None:
        """The best free agent with `skill` at `min_level` or above, by level and then by `policy`."""
        heaps = self._heaps
        for level in self._levels.get((skill, media), ()):
            if level < min_level:
                break
            heap = heaps.get((skill, level, media, policy))
            while heap:
                top = heap[0]
                if top[3] == top[4].version:
                    return top[4]
                heapq.heappop(heap)
        return None

    def _compact(self, key: AgentKey, heap: list[AgentEntry]) -> None:
        heap[:] = [e for e in heap if e[3] == e[4].version]
        heapq.heapify(heap)
        self._sizes[key] = max(64, 2 * len(heap))


class WaitingContacts:
    def __init__(self) -> None:
        self._heaps: dict[tuple[str, int], list[ContactEntry]] = {}
        self._sizes: dict[tuple[str, int], int] = {}

    def push(self, contact: ContactState, priority: int) -> None:
        """Call whenever a contact starts waiting or its queue/level changes; earlier entries go stale."""
        contact.version += 1
        key = (contact.queue, contact.level)
        heap = self._heaps.get(key)
        if heap is None:
            heap = self._heaps[key] = []
            self._sizes[key] = 64
        heapq.heappush(heap, (-priority, contact.arrived, contact.seq, contact.version, contact))
        if len(heap) > self._sizes[key]:
            heap[:] = [e for e in heap if _live(e)]
            heapq.heapify(heap)
            self._sizes[key] = max(64, 2 * len(heap))

    def head(self, queue: str, level: int) -> ContactEntry | None:
        heap = self._heaps.get((queue, level))
        while heap:
            top = heap[0]
            if _live(top):
                return top
            heapq.heappop(heap)
        return None

    def count(self, queue: str) -> int:
        """Contacts waiting in `queue` (scans: for views and tests, not for decisions)."""
        return sum(1 for (q, _), heap in self._heaps.items() if q == queue for e in heap if _live(e))


def _live(entry: ContactEntry) -> bool:
    contact = entry[4]
    return entry[3] == contact.version and contact.stage is Stage.WAITING
