"""Live updates: committed events -> Litestar channels -> this process's projections and SSE streams.

The channels backend is in-memory for one process and PostgreSQL LISTEN/NOTIFY for several `serve`
workers, so an event committed in any worker reaches every worker's streams. One subscription per
process feeds the live projections (the wallboard) and wakes the SSE streams, which re-render from the
projection rather than trusting each message: a dropped message never leaves a screen wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from litestar import Request
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.response import ServerSentEventMessage

from carecenter.app.ports.basics import Logged

CHANNEL = "events"
STOP_S = 5.0
log = logging.getLogger(__name__)

Feed = Callable[[int, str, str, dict[str, Any], datetime], None]


class LiveHub:
    def __init__(self, backend: ChannelsBackend, feeds: list[Feed]) -> None:
        self.plugin = ChannelsPlugin(backend=backend, channels=[CHANNEL])
        self._feeds = feeds
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._feeding: asyncio.Task[None] | None = None
        self._started = False
        self._everyone: set[asyncio.Event] = set()  # streams that want every event (the wallboard)
        self._by_agent: dict[int, set[asyncio.Event]] = {}  # desk streams, woken only by their agent's events
        self.messages = 0
        self._unfed: list[dict[str, Any]] = []  # messages not yet applied to the projections
        self._fed: asyncio.Event = asyncio.Event()  # set when _unfed has messages (re-made per loop in start)

    def publish(self, appended: list[Logged]) -> None:
        """Thread-safe: called by a unit of work after its commit, from whatever thread ran it."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return  # no web app is serving in this process (a CLI tool): nobody to tell
        data = [
            json.dumps(
                {
                    "position": item.position,
                    "type": item.event.type,
                    "aggregate": item.event.aggregate,
                    "aggregate_id": str(item.event.aggregate_id),
                    "payload": item.event.payload,
                    "at": item.at.isoformat(),
                }
            )
            for item in appended
        ]
        loop.call_soon_threadsafe(self._publish_now, data)

    def _publish_now(self, data: list[str]) -> None:
        if not self._started:
            return  # the bus is not up yet: projections catch up from the event log on their next read
        for message in data:
            self.plugin.publish(message, CHANNEL)

    async def start(self) -> None:
        """Called at app start-up: never fails the start (a server whose database is down must still
        answer /healthz with 503); the bus connects in the background and retries."""
        self._loop = asyncio.get_running_loop()
        self._fed = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Stop listening. Never holds up shutdown: what has not stopped after STOP_S is left behind
        (a test run once hung here for good, the lifespan waiting on a task that swallowed its cancel)."""
        self._loop = None
        tasks = [t for t in (self._feeding, self._task) if t is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            _, stuck = await asyncio.wait(tasks, timeout=STOP_S)
            if stuck:
                log.warning("live updates did not stop within %s s; shutting down without them", STOP_S)
        if self._started:
            self._started = False
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.plugin.__aexit__(None, None, None), STOP_S)

    async def _run(self) -> None:
        while not self._started:
            try:
                await self.plugin.__aenter__()
                self._started = True
            except Exception as error:  # the database (LISTEN/NOTIFY) is unreachable: try again soon
                log.warning("live updates unavailable (%s); retrying", error)
                await asyncio.sleep(2)
        await self._consume()

    async def _consume(self) -> None:
        self._feeding = feeding = asyncio.create_task(self._feed_projections())
        try:
            async with self.plugin.start_subscription([CHANNEL]) as subscriber:
                async for raw in subscriber.iter_events():
                    try:
                        message = json.loads(raw)
                        self._wake(message)  # desks at once: an offer is waiting to ring
                        self._unfed.append(message)
                        self._fed.set()
                    except Exception:  # one bad message must not stop live updates for everyone
                        log.exception("live update failed")
                    self.messages += 1
        finally:
            feeding.cancel()

    async def _feed_projections(self) -> None:
        """Apply waiting messages to the projections, all that arrived meanwhile in one worker-thread hop.

        One hop per message queued each behind the request handlers in the thread pool, so under load the
        projections (and everything this task awaited) fell further and further behind."""
        while True:
            await self._fed.wait()
            self._fed.clear()
            batch, self._unfed = self._unfed, []
            await asyncio.to_thread(self._feed_all, batch)

    def _feed_all(self, batch: list[dict[str, Any]]) -> None:
        for message in batch:
            try:
                at = datetime.fromisoformat(message["at"])
                for feed in self._feeds:
                    feed(message["position"], message["type"], message["aggregate"], message["payload"], at)
            except Exception:  # one bad message must not stop the others
                log.exception("live projection update failed")

    def _wake(self, message: dict[str, Any]) -> None:
        for wake in self._everyone:
            wake.set()
        agent = message.get("payload", {}).get("agent")
        if message.get("aggregate") == "agent":
            agent = int(message.get("aggregate_id", 0))
        for wake in self._by_agent.get(agent, ()) if isinstance(agent, int) else ():
            wake.set()

    async def changes(
        self, agent: int | None = None, every_s: float = 0.25, idle_s: float = 15.0
    ) -> AsyncIterator[bool]:
        """Yield True after events arrive (for `agent` only, if given), False after `idle_s` of quiet.

        After a change it waits `every_s` before listening again, so a burst costs one re-render.
        """
        wake = asyncio.Event()
        group = self._everyone if agent is None else self._by_agent.setdefault(agent, set())
        group.add(wake)
        try:
            while True:
                try:
                    await asyncio.wait_for(wake.wait(), idle_s)
                    changed = True
                except TimeoutError:
                    changed = False
                wake.clear()
                yield changed
                if changed and every_s:
                    await asyncio.sleep(every_s)
        finally:
            group.discard(wake)


async def live_stream(
    request: Request[Any, Any, Any],
    name: str,
    render_now: Any,
    tick_s: float,
    every_s: float,
    agent: int | None = None,
) -> AsyncIterator[ServerSentEventMessage]:
    """A fresh render at once, then after every burst of events (and every `tick_s`), when it changed.

    The stream ends after `app.state.stream_max_s` (the browser reconnects at once and gets a fresh render),
    so no connection lives forever behind a proxy.
    """
    hub = request.app.state.live
    max_s = float(request.app.state.get("stream_max_s", 600.0))
    ends = asyncio.get_running_loop().time() + max_s
    last = None
    yield ServerSentEventMessage(retry=1000, comment="live")
    changes = hub.changes(agent, every_s=every_s, idle_s=tick_s) if hub is not None else None
    while True:
        position, text = await render_now()
        if text != last:
            last = text
            yield ServerSentEventMessage(event=name, data=text, id=position or None)
        if changes is None or asyncio.get_running_loop().time() >= ends:
            if changes is not None:
                await changes.aclose()
            return
        await changes.__anext__()
