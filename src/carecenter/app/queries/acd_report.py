"""The ACD interval report of one local day: read the day's lifecycle events, fold them, and lay the result
out as rows for export. The figures and their definitions are `domain.reporting.intervals`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.reporting.intervals import (
    INTERVAL_MINUTES,
    AgentRow,
    Event,
    IntervalReport,
    QueueRow,
)
from carecenter.domain.reporting.intervals import interval_report as fold_report

AGGREGATES = ("contact", "agent")
BATCH = 5000  # what `events.since` returns at most
# Events this long before midnight set the scene: who was logged in, who was waiting (night shifts).
LOOKBACK = timedelta(hours=12)


@dataclass(frozen=True)
class AcdReport:
    day: date
    minutes: int
    queue: str | None  # the queue the report is narrowed to, None for all
    timezone: str
    report: IntervalReport
    targets: dict[str, tuple[float, float]]  # queue -> (service-level threshold s, target share)
    names: dict[int, str]  # agent -> display name
    reasons: dict[str, tuple[str, str]]  # not-ready reason code -> (English, Vietnamese) label

    def local(self, epoch: float) -> datetime:
        return datetime.fromtimestamp(epoch, ZoneInfo(self.timezone))


def interval_report(
    ctx: AppContext,
    actor: Actor,
    day: date,
    minutes: int,
    queue: str | None = None,
    timezone: str = "Asia/Ho_Chi_Minh",
) -> AcdReport:
    """The report of local `day` (up to now if it is today) per `minutes` (15, 30 or 60), maybe of one queue.

    Raises InvalidInput on "minutes" (not 15, 30 or 60) or "queue" (no such queue).
    """
    actor.require("acd.wallboard")
    if minutes not in INTERVAL_MINUTES:
        raise InvalidInput(FieldProblem("minutes", "choose 15, 30 or 60"))
    if not date(2000, 1, 1) <= day <= ctx.clock.now().date() + timedelta(days=1):
        raise InvalidInput(FieldProblem("day", "choose a day between 2000 and today"))
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), zone)
    end = max(start, min(start + timedelta(days=1), ctx.clock.now()))
    with ctx.read() as uow:
        queues = uow.routing.queues()
        if queue is not None and queue not in {q.code for q in queues}:
            raise InvalidInput(FieldProblem("queue", "no such queue"))
        reasons = {r.code: (r.label_en, r.label_vi) for r in uow.routing.not_ready_reasons()}
        names = {u.id: u.display_name for u in uow.users.all()}
        targets = {q.code: (q.sl_threshold_s, q.sl_target) for q in queues}
        thresholds = {code: threshold for code, (threshold, _) in targets.items()}
        events = _events(uow, start - LOOKBACK, end)  # folded as read: a busy day never sits in memory
        report = fold_report(events, start.timestamp(), end.timestamp(), minutes, thresholds)
    if queue is not None:
        report = report.only(queue)
    return AcdReport(day, minutes, queue, timezone, report, targets, names, reasons)


def queue_choices(ctx: AppContext, actor: Actor) -> list[tuple[str, str]]:
    """The queues the report may be narrowed to: (code, name), by code."""
    actor.require("acd.wallboard")
    with ctx.read() as uow:
        return sorted((q.config.code, q.name) for q in uow.routing_config.queue_settings())


def _events(uow: UnitOfWork, not_before: datetime, end: datetime) -> Iterator[Event]:
    """The ACD events from `not_before` to `end`, oldest first, read in batches.

    The log is in position order, which is time order for ACD events (one router writes them under its
    lock), so the reading stops at the first batch that runs past `end`.
    """
    position = 0
    while True:
        batch = uow.events.since(position, AGGREGATES, not_before, BATCH)
        for logged in batch:
            if logged.at < end:
                yield logged.event.type, logged.event.payload, logged.at.timestamp()
        if len(batch) < BATCH or batch[-1].at >= end:
            return
        position = batch[-1].position


QUEUE_COLUMNS = [
    "offered",
    "answered",
    "answered_in_sl",
    "abandoned",
    "short_abandoned",
    "service_level",
    "asa_s",
    "aht_s",
    "longest_wait_s",
    "handled",
]
AGENT_COLUMNS = ["talk_s", "hold_s", "wrap_s", "not_ready_s", "ready_s", "logged_in_s", "occupancy"]


def report_rows(result: AcdReport) -> tuple[list[str], list[list[Any]]]:
    """The report as one table for CSV/XLSX: queue rows, queue totals, agent rows, agent totals.

    `section` says which; intervals are local "YYYY-MM-DD HH:MM" (empty on totals); durations are
    seconds (0.1 s), shares 0..1. Not-ready time has one column per reason code, `not_ready_s[code]`
    (`not_ready_s[]`: not ready without a reason). Hold is always 0 (no hold event yet).
    """
    report = result.report
    reasons = sorted({code for row in report.agents for code in row.not_ready_s})
    header = ["section", "interval_start", "interval_end", "queue", "agent_id", "agent_name"]
    header += QUEUE_COLUMNS + AGENT_COLUMNS + [f"not_ready_s[{code}]" for code in reasons]
    rows: list[list[Any]] = []
    for section, queue_rows in (("queue", report.queues), ("queue_total", report.queue_totals())):
        for q in queue_rows:
            figures: list[Any] = [q.offered, q.answered, q.answered_in_sl, q.abandoned, q.short_abandoned]
            figures += [_share(q.service_level), _s(q.asa_s), _s(q.aht_s), _s(q.longest_wait_s), q.handled]
            rows.append([section, *_interval(result, q), q.queue, "", "", *figures, *[""] * (7 + len(reasons))])
    for section, agent_rows in (("agent", report.agents), ("agent_total", report.agent_totals())):
        for a in agent_rows:
            times: list[Any] = [_s(a.talk_s), _s(a.hold_s), _s(a.wrap_s), _s(a.not_ready_total_s), _s(a.ready_s)]
            times += [_s(a.logged_in_s), _share(a.occupancy)]
            not_ready = [_s(a.not_ready_s.get(code, 0.0)) for code in reasons]
            head = [section, *_interval(result, a), "", a.agent, result.names.get(a.agent, "")]
            rows.append([*head, *[""] * 9, a.handled, *times, *not_ready])
    return header, rows


def _interval(result: AcdReport, row: QueueRow | AgentRow) -> list[str]:
    if row.start is None:
        return ["", ""]
    end = min(row.start + result.minutes * 60, result.report.end)
    return [result.local(row.start).strftime("%Y-%m-%d %H:%M"), result.local(end).strftime("%Y-%m-%d %H:%M")]


def _s(seconds: float | None) -> float | int | str:
    if seconds is None:
        return ""
    rounded = round(float(seconds), 1)  # (sums of nothing are int 0)
    return int(rounded) if rounded.is_integer() else rounded


def _share(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)
