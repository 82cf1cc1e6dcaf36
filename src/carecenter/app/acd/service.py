"""The ACD service: the one router of this process, kept in step with the database.

Every change goes through `submit`: under one lock, in one transaction, the step's own writes (say, the
new contact's interaction row), the router's decision, the lifecycle events and the live-state rows are
written together; live listeners hear about it only after the commit. If anything fails after the router
changed, the router is rebuilt from the database, so memory never runs ahead of what is durable.
Timers (offer timeouts, relaxation, overflow, wrap-up) fire from `tick`, which a scheduler calls at
`next_due()`; a restarted process calls `start`, which rebuilds the router from the saved state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from carecenter.app.acd.record import (
    StaleRouting,
    Step,
    instant,
    lifecycle_events,
    save_state,
    seconds,
    update_interactions,
)
from carecenter.app.ports import Clock, UnitOfWork
from carecenter.domain.errors import DomainError
from carecenter.domain.routing import events as ev
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.restore import SavedAgent, SavedContact, restore
from carecenter.domain.routing.state import AgentView, ContactView

T = TypeVar("T")
Prepare = Callable[[UnitOfWork], tuple[ev.RoutingInput, T]]


class Acd:
    def __init__(self, uow: Callable[[], UnitOfWork], clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._lock = threading.RLock()
        self._router = Router()
        self._since: dict[int, tuple[str, str | None, datetime]] = {}
        self.changed = threading.Event()  # set after each commit: a scheduler re-reads next_due()
        # Set while a forwarded step runs: marks that step taken inside the step's own transaction, so
        # a step is taken exactly once even if this process dies right after (see app.acd.forwarding).
        self.step_mark: Callable[[UnitOfWork], None] | None = None

    def start(self) -> None:
        """Rebuild the router from the database (and write what rebuilding decided)."""
        with self._lock, self._uow() as uow:
            self._rebuild(uow)
            uow.commit()

    def reload(self) -> None:
        """Rebuild the router from the database (after a configuration change: queues, skills, calendars)."""
        with self._lock:
            self._reload()
        self.changed.set()

    def submit(self, actor_id: int | None, prepare: Prepare[T]) -> tuple[T, list[ev.Decision]]:
        """Run `prepare` (its writes and the input it returns), route the input, record it all at once.

        Timers due by now fire first, in their own transaction. Raises what `prepare` or the router raise
        (InvalidInput, NotFound, Conflict…); then nothing of the step is written and the router is as it was.
        """
        with self._lock:
            now = seconds(self._clock.now())
            self._fire(now)
            changed = False
            try:
                with self._uow() as uow:
                    if self.step_mark is not None:
                        self.step_mark(uow)
                    routing_input, result = prepare(uow)
                    try:
                        decisions = self._router.handle(routing_input, now)
                    except DomainError:
                        raise  # the router checks before it changes anything
                    except BaseException:
                        changed = True
                        raise
                    changed = True
                    self._write(uow, actor_id, [routing_input, *decisions])
            except BaseException:
                if changed:  # memory may be ahead of the database: start again from what is durable
                    self._reload()
                raise
            self.changed.set()
            return result, decisions

    def tick(self) -> list[ev.Decision]:
        """Fire the timers due by now and record what they decided."""
        with self._lock:
            return self._fire(seconds(self._clock.now()))

    def _fire(self, now: float) -> list[ev.Decision]:
        due = self._router.next_due()
        if due is None or due > now:
            return []
        try:
            with self._uow() as uow:
                fired = self._router.advance(now)
                self._write(uow, None, list(fired))
        except BaseException:
            self._reload()
            raise
        self.changed.set()
        return fired

    def next_due(self) -> datetime | None:
        with self._lock:
            due = self._router.next_due()
        return instant(due) if due is not None else None

    def agent(self, agent_id: int) -> AgentView | None:
        with self._lock:
            return self._router.agent(agent_id)

    def contact(self, contact_id: int) -> ContactView | None:
        with self._lock:
            return self._router.contact(contact_id)

    def offer_timeout_s(self, queue: str) -> float | None:
        with self._lock:
            config = self._router.queues.get(queue)
        return config.offer_timeout_s if config is not None else None

    def held_by(self, agent_id: int) -> list[int]:
        with self._lock:
            return self._router.held_by(agent_id)

    def _write(self, uow: UnitOfWork, actor_id: int | None, steps: list[Step]) -> None:
        """Record `steps` and commit (the caller rebuilds the router if this fails)."""
        uow.events.append_all(lifecycle_events(steps, self._router), actor_id, instant(self._router.now))
        update_interactions(uow, self._router, steps)
        save_state(uow, self._router, steps, self._since)
        uow.commit()

    def _reload(self) -> None:
        with self._uow() as uow:
            self._rebuild(uow)
            uow.commit()

    def _rebuild(self, uow: UnitOfWork) -> None:
        repo = uow.routing
        contacts = repo.contacts()
        saved_agents = []
        self._since = {}
        for record in repo.agents():
            self._since[record.user_id] = (record.presence.value, record.reason, record.since)
            saved_agents.append(
                SavedAgent(
                    record.user_id,
                    repo.skills_of(record.user_id),
                    repo.capacity_of(record.user_id),
                    record.presence,
                    record.reason,
                    seconds(record.free_since),
                )
            )
        saved_contacts = [
            SavedContact(
                c.interaction_id,
                c.queue,
                c.priority,
                c.segment,
                c.seq,
                seconds(c.arrived_at),
                seconds(c.entered_at),
                c.stage,
                c.agent_id,
                c.callback,
                seconds(c.wrap_until) if c.wrap_until is not None else None,
                seconds(c.offered_at) if c.offered_at is not None else None,
            )
            for c in contacts
        ]
        self._router, decisions = restore(repo.queues(), saved_agents, saved_contacts, seconds(self._clock.now()))
        if decisions:
            uow.events.append_all(lifecycle_events(list(decisions), self._router), None, instant(self._router.now))
            update_interactions(uow, self._router, list(decisions))
            # Offers revoked by the rebuild leave claims in the database; clear them before new ones.
            save_state(uow, self._router, list(decisions), self._since)


__all__ = ["Acd", "StaleRouting"]
