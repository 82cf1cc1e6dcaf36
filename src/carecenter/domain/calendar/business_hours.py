"""The one business calendar: is the centre open, when does that change, how much business time passed.

Call routing (is the queue open?), the IVR (open/closed branch) and case SLA clocks all ask this
module, so they can never disagree. It is pure: no wall clock (every instant is an argument) and no
I/O beyond reading the time-zone database through `zoneinfo`.

Contract:
- Every instant passed in must be timezone-aware (any zone); a naive datetime raises ValueError.
  Instants returned are in the zone of the argument they answer (`at` or `start`).
- Weekly intervals and holidays are local wall-clock times and dates of `BusinessCalendar.timezone`.
  Each local day is converted on its own, so a zone with daylight saving time is handled correctly.
  A local time that does not exist (spring-forward gap) or happens twice (fall-back) is read with
  fold=0, i.e. with the UTC offset in force before the change; on such a day an interval can be up to
  the shift longer or shorter. Intervals that meet or overlap after conversion are merged.
- A holiday closes the whole local date, whatever its weekly intervals say.
- Business time is counted to the microsecond (the resolution of `datetime`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carecenter.domain.errors import ProblemCollector

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
MINUTES_PER_DAY = 1440
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# next_change looks this far ahead: a year of holidays plus slack, then it answers "never".
SEARCH_DAYS = 400
_ONE_DAY = timedelta(days=1)
_Span = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class Interval:
    """An opening interval of one local day in minutes since midnight; `end_minute` 1440 means 24:00."""

    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError(f"need 0 <= start < end <= 1440 minutes, got {self.start_minute}-{self.end_minute}")


_WHOLE_DAY = (Interval(0, MINUTES_PER_DAY),)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Opening hours per weekday (`weekly[0]` is Monday) plus closed local dates; default: always open.

    Each weekday's intervals must be sorted and must not overlap (they may touch).
    """

    timezone: str = DEFAULT_TIMEZONE
    weekly: tuple[tuple[Interval, ...], ...] = (_WHOLE_DAY,) * 7
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        _zone(self.timezone)
        if len(self.weekly) != 7:
            raise ValueError(f"weekly needs 7 days, Monday first; got {len(self.weekly)}")
        for name, day in zip(DAY_NAMES, self.weekly, strict=True):
            if any(a.end_minute > b.start_minute for a, b in pairwise(day)):
                raise ValueError(f"{name}: intervals must be sorted and must not overlap")
        if any(isinstance(d, datetime) for d in self.holidays):  # never equal to a date: closes nothing
            raise ValueError("holidays must be dates, not datetimes")

    def is_open(self, at: datetime) -> bool:
        """Whether the centre is open at the instant `at` (intervals include their start, not their end)."""
        moment = _utc(at, "at")
        day = self._local_day(moment)
        return any(s <= moment < e for s, e in self._spans(day - _ONE_DAY, day + _ONE_DAY))

    def next_change(self, at: datetime) -> datetime | None:
        """The first instant strictly after `at` where `is_open` flips; None if none within SEARCH_DAYS."""
        moment = _utc(at, "at")
        first = self._local_day(moment) - _ONE_DAY
        last = first + timedelta(days=SEARCH_DAYS + 1)
        horizon = self._midnight(last + _ONE_DAY)  # where the search window cuts the last span
        for start, end in self._spans(first, last):
            if end <= moment:
                continue
            if start > moment:  # closed now: it opens at `start`
                return start.astimezone(at.tzinfo)
            return end.astimezone(at.tzinfo) if end < horizon else None
        return None

    def business_seconds(self, start: datetime, end: datetime) -> float:
        """Open seconds in [start, end); 0 when end <= start. Costs one step per local day, not per second."""
        lo, hi = _utc(start, "start"), _utc(end, "end")
        if hi <= lo:
            return 0.0
        total = timedelta()
        for s, e in self._spans(self._local_day(lo) - _ONE_DAY, self._local_day(hi) + _ONE_DAY):
            if e > lo and s < hi:
                total += min(e, hi) - max(s, lo)
        return total.total_seconds()  # summed as timedelta so the result is exact to the microsecond

    def add_business_seconds(self, start: datetime, seconds: float) -> datetime:
        """The SLA deadline: the earliest t >= start with business_seconds(start, t) == seconds.

        With seconds == 0 it is `start` if open, else the next opening. A deadline that uses up an
        interval exactly is that interval's closing instant. Raises ValueError for negative or
        non-finite `seconds` and for a calendar with no opening hours at all.
        """
        moment = _utc(start, "start")
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be a finite number >= 0, got {seconds}")
        if not any(self.weekly):
            raise ValueError("the calendar is never open, so no deadline can be reached")
        remaining = timedelta(seconds=seconds)
        first = self._local_day(moment) - _ONE_DAY
        # Holidays are finite and some weekday has hours, so this loop ends. Windows bound each call
        # to _spans; a span split at a window edge only adds a touching piece, which changes nothing.
        while True:
            last = first + timedelta(days=SEARCH_DAYS)
            for s, e in self._spans(first, last):
                if e <= moment:
                    continue
                s = max(s, moment)
                if remaining <= e - s:
                    return (s + remaining).astimezone(start.tzinfo)
                remaining -= e - s
            first = last + _ONE_DAY

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(_zone(self.timezone)).date()

    def _midnight(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=_zone(self.timezone))

    def _day_spans(self, day: date) -> list[_Span]:
        if day in self.holidays:
            return []
        midnight = self._midnight(day)  # + timedelta is wall-clock arithmetic (fold=0); then to UTC
        spans = []
        for interval in self.weekly[day.weekday()]:
            s = (midnight + timedelta(minutes=interval.start_minute)).astimezone(UTC)
            e = (midnight + timedelta(minutes=interval.end_minute)).astimezone(UTC)
            if s < e:  # a DST gap can swallow an interval whole
                spans.append((s, e))
        return sorted(spans)  # a DST gap can also reorder them

    def _spans(self, first: date, last: date) -> Iterator[_Span]:
        """Open spans in UTC of local days first..last, merged so that no two yielded spans touch."""
        current: _Span | None = None
        day = first
        while day <= last:
            for s, e in self._day_spans(day):
                if current is None:
                    current = (s, e)
                elif s <= current[1]:
                    current = (current[0], max(current[1], e))
                else:
                    yield current
                    current = (s, e)
            day += _ONE_DAY
        if current is not None:
            yield current


def always_open(timezone: str = DEFAULT_TIMEZONE) -> BusinessCalendar:
    """A calendar open every second of every day (the default before an admin sets hours)."""
    return BusinessCalendar(timezone=timezone)


# The fixed-date public holidays of Vietnam (Labour Code 2019, art. 112) as (month, day).
VIETNAM_FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = ((1, 1), (4, 30), (5, 1), (9, 1), (9, 2))


def vietnam_fixed_holidays(year: int) -> frozenset[date]:
    """1 Jan, 30 Apr, 1 May, 2 Sep and 1 Sep (the day next to National Day) of `year`.

    Only the solar-calendar dates. Tết (5 days) and the Hùng Kings' day follow the lunar calendar and
    move every year, so the admin configures them per year, together with any substitute day off
    (when a holiday falls on a weekend) and the Government's yearly choice of the day next to 2 Sep
    (1 or 3 Sep; 3 Sep in 2024) — add or swap those dates in the tenant's holiday list.
    """
    return frozenset(date(year, month, day) for month, day in VIETNAM_FIXED_HOLIDAYS)


_HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def calendar_from_text(
    spec: Mapping[str, str], holidays: Iterable[date | str] = (), timezone: str = DEFAULT_TIMEZONE
) -> BusinessCalendar:
    """A calendar from admin text, e.g. {"mon-fri": "07:30-21:00", "sat": "08:00-12:00, 13:30-17:00"}.

    Keys are day names mon..sun or ranges such as "mon-fri" (a range may wrap: "sat-mon"). Values are
    "closed", "24h" or comma-separated "HH:MM-HH:MM" intervals, end up to 24:00; days left out are
    closed. Holidays are dates or "YYYY-MM-DD" text. Every mistake is reported at once as InvalidInput
    naming its field: "hours.<key>", "holidays[<index>]" or "timezone".
    """
    problems = ProblemCollector()
    weekly: list[tuple[Interval, ...] | None] = [None] * 7
    for raw_key, text in spec.items():
        key = raw_key.strip().lower()
        field = f"hours.{key}"
        try:
            days = _parse_days(key)
            intervals = _parse_intervals(text)
        except ValueError as exc:
            problems.add(field, str(exc))
            continue
        for day in days:
            if weekly[day] is not None:
                problems.add(field, f"{DAY_NAMES[day]} is given more than once")
            weekly[day] = intervals
    closed: set[date] = set()
    for index, item in enumerate(holidays):
        try:
            closed.add(_parse_holiday(item))
        except ValueError as exc:
            problems.add(f"holidays[{index}]", str(exc))
    try:
        _zone(timezone)
    except ValueError as exc:
        problems.add("timezone", str(exc))
    problems.raise_if_any()
    return BusinessCalendar(timezone, tuple(d or () for d in weekly), frozenset(closed))


def _parse_days(key: str) -> list[int]:
    names = key.split("-")
    if len(names) > 2 or any(n.strip() not in DAY_NAMES for n in names):
        raise ValueError("use a day name (mon, tue, wed, thu, fri, sat, sun) or a range such as mon-fri")
    first, last = (DAY_NAMES.index(n.strip()) for n in (names[0], names[-1]))
    return [(first + i) % 7 for i in range((last - first) % 7 + 1)]


def _parse_intervals(text: str) -> tuple[Interval, ...]:
    value = str(text).strip().lower()  # str(): a JSON null or number gets a message, not a crash
    if value == "closed":
        return ()
    if value == "24h":
        return _WHOLE_DAY
    intervals = []
    for part in value.split(","):
        match = _HOURS.fullmatch(part.strip())
        if match is None:
            raise ValueError(f"'{part.strip()}' is not like 08:00-17:00; use 'closed' or '24h' for a whole day")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or start >= MINUTES_PER_DAY or end > MINUTES_PER_DAY:
            raise ValueError(f"'{part.strip()}' is not a time of day (00:00 to 24:00)")
        if start >= end:
            raise ValueError(f"'{part.strip()}' ends before it starts; split overnight hours at 24:00")
        intervals.append(Interval(start, end))
    intervals.sort(key=lambda i: i.start_minute)
    for a, b in pairwise(intervals):
        if a.end_minute > b.start_minute:
            raise ValueError(f"intervals overlap: {_text(a)} and {_text(b)}")
    return tuple(intervals)


def _parse_holiday(item: date | str) -> date:
    if isinstance(item, datetime):
        raise ValueError("give a date, not a date and time")
    if isinstance(item, date):
        return item
    text = str(item).strip()
    if _ISO_DATE.fullmatch(text):
        with suppress(ValueError):  # 2025-02-30 has the right shape but is no date
            return date.fromisoformat(text)
    raise ValueError(f"'{text}' is not a date like 2025-09-02")


def _text(interval: Interval) -> str:
    (h1, m1), (h2, m2) = divmod(interval.start_minute, 60), divmod(interval.end_minute, 60)
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


def _zone(name: str) -> ZoneInfo:
    """The zone called `name` (zoneinfo caches it, so this is cheap); ValueError if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone '{name}'; use an IANA name such as {DEFAULT_TIMEZONE}") from None


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)
