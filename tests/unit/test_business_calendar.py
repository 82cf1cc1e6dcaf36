"""The business calendar: opening hours, holidays, business time and SLA deadlines, in any time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from carecenter.domain.calendar.business_hours import (
    BusinessCalendar,
    Interval,
    always_open,
    calendar_from_text,
    vietnam_fixed_holidays,
)
from carecenter.domain.errors import InvalidInput

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NEW_YORK = ZoneInfo("America/New_York")
OFFICE = calendar_from_text({"mon-fri": "07:30-21:00", "sat": "08:00-12:00, 13:30-17:00", "sun": "closed"})
WEEKDAYS = calendar_from_text({"mon-fri": "07:30-21:00"})
HOUR = 3600.0


def hcm(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HCM)


def fields(exc: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {p.field: p.reason for p in exc.value.problems}


# --- concrete cases -------------------------------------------------------------------------------


def test_friday_2059_is_open_and_2100_is_closed() -> None:
    assert OFFICE.is_open(hcm(2025, 6, 6, 20, 59))
    assert not OFFICE.is_open(hcm(2025, 6, 6, 21, 0))
    assert OFFICE.is_open(hcm(2025, 6, 6, 7, 30))
    assert not OFFICE.is_open(hcm(2025, 6, 6, 7, 29, 59))
    assert OFFICE.next_change(hcm(2025, 6, 6, 20, 59)) == hcm(2025, 6, 6, 21, 0)


def test_case_opened_friday_evening_with_two_business_hours_is_due_monday_0830() -> None:
    opened = hcm(2025, 6, 6, 20, 0)
    due = WEEKDAYS.add_business_seconds(opened, 2 * HOUR)
    assert due == hcm(2025, 6, 9, 8, 30)
    assert WEEKDAYS.business_seconds(opened, due) == 2 * HOUR
    assert WEEKDAYS.next_change(hcm(2025, 6, 6, 21, 0)) == hcm(2025, 6, 9, 7, 30)


def test_a_deadline_that_uses_up_the_day_is_the_closing_instant() -> None:
    assert WEEKDAYS.add_business_seconds(hcm(2025, 6, 6, 20, 0), HOUR) == hcm(2025, 6, 6, 21, 0)


def test_holidays_are_closed_all_day_and_skipped_by_deadlines() -> None:
    calendar = calendar_from_text({"mon-fri": "07:30-21:00"}, holidays=vietnam_fixed_holidays(2025))
    assert not calendar.is_open(hcm(2025, 9, 1, 10, 0))  # Monday, the day next to National Day
    assert not calendar.is_open(hcm(2025, 9, 2, 10, 0))  # Tuesday, National Day
    assert calendar.add_business_seconds(hcm(2025, 8, 29, 20, 0), 2 * HOUR) == hcm(2025, 9, 3, 8, 30)
    assert calendar.next_change(hcm(2025, 8, 29, 21, 0)) == hcm(2025, 9, 3, 7, 30)
    assert calendar.business_seconds(hcm(2025, 8, 29), hcm(2025, 9, 4)) == 2 * 13.5 * HOUR


def test_vietnam_fixed_holidays() -> None:
    assert vietnam_fixed_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
    }


def test_saturday_split_hours() -> None:
    assert OFFICE.is_open(hcm(2025, 6, 7, 11, 59))
    assert not OFFICE.is_open(hcm(2025, 6, 7, 12, 0))
    assert not OFFICE.is_open(hcm(2025, 6, 7, 13, 29))
    assert OFFICE.is_open(hcm(2025, 6, 7, 13, 30))
    assert OFFICE.next_change(hcm(2025, 6, 7, 10, 0)) == hcm(2025, 6, 7, 12, 0)
    assert OFFICE.next_change(hcm(2025, 6, 7, 12, 0)) == hcm(2025, 6, 7, 13, 30)
    assert OFFICE.next_change(hcm(2025, 6, 7, 17, 0)) == hcm(2025, 6, 9, 7, 30)  # Sunday is closed
    assert OFFICE.business_seconds(hcm(2025, 6, 7, 7, 0), hcm(2025, 6, 7, 18, 0)) == 7.5 * HOUR
    assert OFFICE.add_business_seconds(hcm(2025, 6, 7, 11, 0), 2 * HOUR) == hcm(2025, 6, 7, 14, 30)


def test_zero_seconds_is_start_when_open_else_the_next_opening() -> None:
    assert OFFICE.add_business_seconds(hcm(2025, 6, 6, 10, 0), 0) == hcm(2025, 6, 6, 10, 0)
    assert OFFICE.add_business_seconds(hcm(2025, 6, 7, 12, 15), 0) == hcm(2025, 6, 7, 13, 30)


def test_inputs_in_other_zones_mean_the_same_instant_and_answers_keep_their_zone() -> None:
    assert OFFICE.is_open(datetime(2025, 6, 6, 13, 59, tzinfo=UTC))  # 20:59 in Ho Chi Minh City
    assert not OFFICE.is_open(datetime(2025, 6, 6, 14, 0, tzinfo=UTC))
    change = OFFICE.next_change(datetime(2025, 6, 6, 9, 0, tzinfo=NEW_YORK))  # 20:00 in HCMC
    assert change == hcm(2025, 6, 6, 21, 0)
    assert change is not None and change.tzinfo is NEW_YORK
    due = WEEKDAYS.add_business_seconds(datetime(2025, 6, 6, 13, 0, tzinfo=UTC), 2 * HOUR)
    assert due == datetime(2025, 6, 9, 1, 30, tzinfo=UTC) and due.tzinfo is UTC


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2025, 6, 6, 10, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        OFFICE.is_open(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        OFFICE.next_change(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        OFFICE.business_seconds(hcm(2025, 6, 6), naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        OFFICE.add_business_seconds(naive, 60)


def test_always_open_and_never_open() -> None:
    start = hcm(2025, 6, 6, 10, 0)
    calendar = always_open()
    assert calendar.is_open(start) and calendar.next_change(start) is None
    assert calendar.business_seconds(start, start + timedelta(days=3)) == 3 * 86400
    assert calendar.add_business_seconds(start, 90) == start + timedelta(seconds=90)
    never = calendar_from_text({})
    assert not never.is_open(start) and never.next_change(start) is None
    assert never.business_seconds(start, start + timedelta(days=3)) == 0
    with pytest.raises(ValueError, match="never open"):
        never.add_business_seconds(start, 60)
    with pytest.raises(ValueError, match="seconds"):
        calendar.add_business_seconds(start, -1)


def test_a_holiday_closes_an_always_open_calendar_at_local_midnight() -> None:
    calendar = BusinessCalendar(holidays=frozenset({date(2025, 1, 1)}))
    assert calendar.next_change(hcm(2024, 12, 31, 12, 0)) == hcm(2025, 1, 1, 0, 0)
    assert calendar.next_change(hcm(2025, 1, 1, 0, 0)) == hcm(2025, 1, 2, 0, 0)


def test_a_two_year_span_is_exact() -> None:
    calendar = calendar_from_text({"mon-fri": "07:30-21:00"}, holidays=vietnam_fixed_holidays(2025))
    start, end = date(2024, 7, 1), date(2026, 7, 1)
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    open_days = [d for d in days if d.weekday() < 5 and d not in calendar.holidays]
    seconds = calendar.business_seconds(hcm(2024, 7, 1), hcm(2026, 7, 1))
    assert seconds == len(open_days) * 13.5 * HOUR


def test_local_hours_follow_daylight_saving_time() -> None:
    # New York springs forward on Sunday 9 March 2025 (02:00 -> 03:00): that local day has 23 hours.
    day = datetime(2025, 3, 9, tzinfo=NEW_YORK)
    whole_days = BusinessCalendar(timezone="America/New_York")
    assert whole_days.business_seconds(day, datetime(2025, 3, 10, tzinfo=NEW_YORK)) == 23 * HOUR
    office = calendar_from_text({"mon-sun": "09:00-17:00"}, timezone="America/New_York")
    week = office.business_seconds(datetime(2025, 3, 6, tzinfo=NEW_YORK), datetime(2025, 3, 13, tzinfo=NEW_YORK))
    assert week == 7 * 8 * HOUR
    assert office.next_change(datetime(2025, 3, 9, 12, 0, tzinfo=NEW_YORK)) == datetime(2025, 3, 9, 21, 0, tzinfo=UTC)
    # 02:30 does not exist that day; fold=0 reads it with the old offset (EST), i.e. 03:30 EDT.
    gap = calendar_from_text({"sun": "02:30-04:00"}, timezone="America/New_York")
    assert gap.next_change(day) == datetime(2025, 3, 9, 3, 30, tzinfo=NEW_YORK)
    assert gap.business_seconds(day, day + timedelta(days=1)) == 0.5 * HOUR


def test_calendar_from_text_reads_ranges_24h_and_wrapping() -> None:
    calendar = calendar_from_text({" Sat-Mon ": "24h", "wed": " 8:00 - 12:00 ,13:00-24:00 "}, ["2025-06-09"])
    assert calendar.weekly[0] == calendar.weekly[5] == calendar.weekly[6] == (Interval(0, 1440),)
    assert calendar.weekly[2] == (Interval(480, 720), Interval(780, 1440))
    assert calendar.weekly[1] == calendar.weekly[3] == calendar.weekly[4] == ()
    assert calendar.holidays == {date(2025, 6, 9)}


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        ({"fry": "08:00-17:00"}, "hours.fry", "day name"),
        ({"mon-fri-sat": "08:00-17:00"}, "hours.mon-fri-sat", "day name"),
        ({"sat": "8-12"}, "hours.sat", "not like 08:00-17:00"),
        ({"sat": "08:00-12:00, 11:30-17:00"}, "hours.sat", "overlap: 08:00-12:00 and 11:30-17:00"),
        ({"sat": "22:00-06:00"}, "hours.sat", "split overnight"),
        ({"sat": "08:60-12:00"}, "hours.sat", "not a time of day"),
        ({"sat": "08:00-24:30"}, "hours.sat", "not a time of day"),
        ({"mon-fri": "08:00-17:00", "fri": "closed"}, "hours.fri", "more than once"),
    ],
)
def test_bad_hours_name_their_field(spec: dict[str, str], field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        calendar_from_text(spec)
    assert words in fields(exc)[field]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as exc:
        calendar_from_text(
            {"sun": "noon"},
            holidays=[date(2025, 1, 1), "2025-02-30", datetime(2025, 5, 1, tzinfo=UTC), "1/5/2025"],
            timezone="Asia/Hanoi City",
        )
    problems = fields(exc)
    assert set(problems) == {"hours.sun", "holidays[1]", "holidays[2]", "holidays[3]", "timezone"}
    assert "not a date like 2025-09-02" in problems["holidays[1]"]
    assert "not a date and time" in problems["holidays[2]"]
    assert "unknown time zone" in problems["timezone"]


def test_calendar_values_are_checked() -> None:
    with pytest.raises(ValueError):
        Interval(600, 600)
    with pytest.raises(ValueError):
        Interval(0, 1441)
    with pytest.raises(ValueError, match="7 days"):
        BusinessCalendar(weekly=((),) * 6)
    with pytest.raises(ValueError, match="overlap"):
        BusinessCalendar(weekly=((Interval(0, 600), Interval(500, 700)),) + ((),) * 6)
    with pytest.raises(ValueError, match="unknown time zone"):
        BusinessCalendar(timezone="Mars/Olympus")


# --- properties -----------------------------------------------------------------------------------

ZONES = ["Asia/Ho_Chi_Minh", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe"]
BASE = datetime(2024, 1, 1, tzinfo=UTC)


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    def day(bounds: list[int]) -> tuple[Interval, ...]:
        edges = sorted(bounds)[: len(bounds) // 2 * 2]
        return tuple(Interval(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True))

    bounds = st.lists(st.integers(0, 1440), max_size=6, unique=True)
    weekly = tuple(day(draw(bounds)) for _ in range(7))
    holidays = draw(st.frozensets(st.dates(date(2023, 12, 25), date(2027, 1, 10)), max_size=20))
    return BusinessCalendar(draw(st.sampled_from(ZONES)), weekly, holidays)


# Whole-second instants keep every sum exact, so properties can use ==. Shown in a random zone.
instants = st.builds(
    lambda seconds, zone: (BASE + timedelta(seconds=seconds)).astimezone(ZoneInfo(zone)),
    st.integers(0, 3 * 365 * 86400),
    st.sampled_from(ZONES),
)


@given(calendars(), instants, instants, instants)
def test_business_time_adds_up_over_consecutive_spans(
    calendar: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted([a, b, c])
    assert calendar.business_seconds(a, b) + calendar.business_seconds(b, c) == calendar.business_seconds(a, c)


@given(calendars(), instants, instants)
def test_business_time_never_exceeds_elapsed_time(calendar: BusinessCalendar, a: datetime, b: datetime) -> None:
    seconds = calendar.business_seconds(a, b)
    assert 0 <= seconds <= max(0.0, (b - a).total_seconds())


@given(calendars(), instants, st.integers(0, 30 * 86400))
def test_a_deadline_is_the_earliest_instant_with_that_much_business_time(
    calendar: BusinessCalendar, start: datetime, seconds: int
) -> None:
    assume(any(calendar.weekly))
    due = calendar.add_business_seconds(start, seconds)
    assert due >= start
    assert calendar.business_seconds(start, due) == seconds
    if seconds:
        assert calendar.business_seconds(start, due - timedelta(microseconds=1)) < seconds
    else:
        assert calendar.is_open(due)
        assert due == start or calendar.next_change(start) == due


@given(calendars(), instants, st.lists(st.floats(0, 1, exclude_max=True), max_size=4))
def test_is_open_flips_exactly_at_next_change(calendar: BusinessCalendar, at: datetime, fractions: list[float]) -> None:
    now = calendar.is_open(at)
    change = calendar.next_change(at)
    if change is None:
        later = [at + timedelta(days=d) for d in (1, 7, 100)]
        assert all(calendar.is_open(t) == now for t in later)
        return
    assert change > at
    assert calendar.is_open(change) != now
    assert calendar.is_open(change - timedelta(microseconds=1)) == now
    micros = (change - at) // timedelta(microseconds=1)
    between = [at + timedelta(microseconds=int(micros * f)) for f in fractions]  # int() rounds down: < change
    assert all(calendar.is_open(t) == now for t in between)
    elapsed = (change - at).total_seconds()
    assert calendar.business_seconds(at, change) == (elapsed if now else 0)
