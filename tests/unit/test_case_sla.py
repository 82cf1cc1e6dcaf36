"""SLA clocks of cases: deadlines over nights, weekends and Vietnamese holidays, pauses, moves, states."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from carecenter.domain.calendar.business_hours import calendar_from_text, vietnam_fixed_holidays
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import (
    BreachAction,
    Segment,
    SlaClock,
    SlaPolicy,
    SlaState,
    Target,
    check_policies,
    choose_policy,
)
from carecenter.domain.errors import Conflict, InvalidInput

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
HOUR = 3600
MINUTE = 60
# Tết Bính Ngọ 2026 (lunar dates move every year, so they are configured as explicit dates).
TET_2026 = ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]
OFFICE = calendar_from_text(
    {"mon-fri": "08:00-17:00"}, holidays=[*vietnam_fixed_holidays(2025), *vietnam_fixed_holidays(2026), *TET_2026]
)
FIELD_TEAM = calendar_from_text({"mon-sat": "07:00-21:00"})
FIRST_RESPONSE = Target.FIRST_RESPONSE


def hcm(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=HCM)


def policy(resolution_s: int = 2 * HOUR, first_response_s: int = 30 * MINUTE, **changes: object) -> SlaPolicy:
    base = SlaPolicy("complaint-normal", CaseKind.COMPLAINT, Priority.NORMAL, None, first_response_s, resolution_s)
    return replace(base, **{"calendar": OFFICE, **changes})


def fields(exc: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {p.field: p.reason for p in exc.value.problems}


# --- deadlines on the calendar --------------------------------------------------------------------


def test_case_opened_at_1630_with_two_business_hours_is_due_0930_next_morning() -> None:
    clock = SlaClock.start(policy(2 * HOUR), hcm(2025, 6, 9, 16, 30))  # a Monday
    assert clock.due_at(hcm(2025, 6, 9, 16, 30)) == hcm(2025, 6, 10, 9, 30)
    assert clock.elapsed(hcm(2025, 6, 10, 8, 0)) == 30 * MINUTE  # the night does not count
    assert clock.remaining(hcm(2025, 6, 10, 8, 0)) == 90 * MINUTE


def test_friday_1600_plus_four_hours_is_due_monday_1100() -> None:
    clock = SlaClock.start(policy(4 * HOUR), hcm(2025, 6, 6, 16, 0))
    assert clock.due_at(hcm(2025, 6, 6, 16, 0)) == hcm(2025, 6, 9, 11, 0)
    assert clock.state(hcm(2025, 6, 8, 12, 0)) is SlaState.ON_TRACK  # Sunday: nothing used since Friday
    assert clock.elapsed(hcm(2025, 6, 8, 12, 0)) == HOUR


def test_national_day_and_the_day_next_to_it_are_skipped() -> None:
    clock = SlaClock.start(policy(4 * HOUR), hcm(2025, 8, 29, 16, 0))  # Friday before 1-2 September
    assert clock.due_at(hcm(2025, 8, 29, 16, 0)) == hcm(2025, 9, 3, 11, 0)
    assert clock.elapsed(hcm(2025, 9, 2, 23, 0)) == HOUR


def test_tet_given_as_explicit_dates_is_skipped() -> None:
    clock = SlaClock.start(policy(4 * HOUR), hcm(2026, 2, 13, 16, 0))  # Friday before Tết week
    assert clock.due_at(hcm(2026, 2, 13, 16, 0)) == hcm(2026, 2, 23, 11, 0)


# --- pauses ---------------------------------------------------------------------------------------


def test_sla_clock_stops_while_pending_customer_over_a_weekend() -> None:
    clock = SlaClock.start(policy(4 * HOUR), hcm(2025, 6, 6, 15, 0)).responded(hcm(2025, 6, 6, 15, 10))
    clock = clock.pause(hcm(2025, 6, 6, 16, 0))  # asked the customer for a meter photo: 1 h used
    monday_nine = hcm(2025, 6, 9, 9, 0)
    assert clock.elapsed(monday_nine) == HOUR
    assert clock.state(monday_nine) is SlaState.PAUSED
    assert clock.due_at(monday_nine) is None
    assert clock.next_deadline(monday_nine) is None  # nothing to schedule while waiting on the customer
    clock = clock.resume(hcm(2025, 6, 9, 10, 0))
    assert clock.due_at(hcm(2025, 6, 9, 10, 0)) == hcm(2025, 6, 9, 13, 0)  # 3 h left from 10:00


def test_pending_customer_does_not_stop_the_first_response_clock() -> None:
    clock = SlaClock.start(policy(first_response_s=30 * MINUTE), hcm(2025, 6, 9, 9, 0)).pause(hcm(2025, 6, 9, 9, 5))
    assert clock.elapsed(hcm(2025, 6, 9, 9, 20), FIRST_RESPONSE) == 20 * MINUTE
    assert clock.state(hcm(2025, 6, 9, 9, 30), FIRST_RESPONSE) is SlaState.BREACHED
    assert clock.elapsed(hcm(2025, 6, 9, 9, 20)) == 5 * MINUTE


def test_a_breach_stays_visible_while_paused() -> None:
    clock = SlaClock.start(policy(HOUR), hcm(2025, 6, 9, 9, 0)).pause(hcm(2025, 6, 9, 11, 0))
    assert clock.state(hcm(2025, 6, 9, 12, 0)) is SlaState.BREACHED
    assert clock.remaining(hcm(2025, 6, 9, 12, 0)) == -HOUR


# --- change of policy -----------------------------------------------------------------------------


def test_moving_to_a_department_with_another_calendar_keeps_the_time_used() -> None:
    clock = SlaClock.start(policy(8 * HOUR), hcm(2025, 6, 9, 9, 0))  # Monday, office hours
    field_team = policy(24 * HOUR, code="fault-field", calendar=FIELD_TEAM)
    clock = clock.change_policy(field_team, hcm(2025, 6, 9, 13, 0))  # 4 office hours used
    # The field team works 07:00-21:00 and has 24 h in total: 20 h left = Monday 13-21 + Tuesday 07-19.
    assert clock.due_at(hcm(2025, 6, 9, 13, 0)) == hcm(2025, 6, 10, 19, 0)
    assert clock.elapsed(hcm(2025, 6, 10, 7, 0)) == 12 * HOUR
    assert clock.elapsed(hcm(2025, 6, 9, 12, 0)) == 3 * HOUR  # history is read as it stood
    assert clock.policy == field_team
    assert [s.policy.code for s in clock.segments] == ["complaint-normal", "fault-field"]


def test_moving_to_a_faster_policy_breaches_at_the_moment_of_the_move() -> None:
    clock = SlaClock.start(policy(8 * HOUR), hcm(2025, 6, 9, 9, 0))
    urgent = policy(2 * HOUR, code="complaint-urgent", priority=Priority.URGENT)
    clock = clock.change_policy(urgent, hcm(2025, 6, 9, 12, 0))  # 3 h already used
    assert clock.state(hcm(2025, 6, 9, 11, 59)) is SlaState.ON_TRACK
    assert clock.state(hcm(2025, 6, 9, 12, 0)) is SlaState.BREACHED
    assert clock.due_at(hcm(2025, 6, 9, 14, 0)) == hcm(2025, 6, 9, 12, 0)


def test_a_move_while_paused_stays_paused() -> None:
    clock = SlaClock.start(policy(), hcm(2025, 6, 9, 9, 0)).pause(hcm(2025, 6, 9, 9, 30))
    clock = clock.change_policy(policy(code="other", calendar=FIELD_TEAM), hcm(2025, 6, 9, 10, 0))
    assert clock.paused and clock.state(hcm(2025, 6, 9, 20, 0)) is SlaState.PAUSED
    assert clock.change_policy(clock.policy, hcm(2025, 6, 9, 10, 0)) is clock  # the same policy is no change


# --- warning, breach, met, missed -----------------------------------------------------------------


def test_a_job_runner_sees_warning_and_breach_of_both_targets_in_order() -> None:
    clock = SlaClock.start(policy(2 * HOUR, 30 * MINUTE), hcm(2025, 6, 9, 9, 0))
    at: datetime | None = hcm(2025, 6, 9, 9, 0)
    seen = []
    while at is not None:
        seen.append((at.strftime("%H:%M"), clock.state(at, FIRST_RESPONSE).value, clock.state(at).value))
        at = clock.next_deadline(at)
    assert seen == [
        ("09:00", "on_track", "on_track"),
        ("09:24", "warning", "on_track"),  # 80 % of 30 minutes
        ("09:30", "breached", "on_track"),
        ("10:36", "breached", "warning"),  # 80 % of 2 hours
        ("11:00", "breached", "breached"),
    ]
    assert clock.state(hcm(2025, 6, 9, 10, 35, 59)) is SlaState.ON_TRACK
    assert clock.breach_actions(hcm(2025, 6, 9, 11, 0)) == ()


def test_warning_share_is_configurable() -> None:
    clock = SlaClock.start(policy(HOUR, warn_at=0.5), hcm(2025, 6, 9, 9, 0)).responded(hcm(2025, 6, 9, 9, 1))
    assert clock.next_deadline(hcm(2025, 6, 9, 9, 1)) == hcm(2025, 6, 9, 9, 30)


def test_resolved_with_time_to_spare_is_met_and_at_the_due_instant_is_missed() -> None:
    clock = SlaClock.start(policy(2 * HOUR), hcm(2025, 6, 9, 9, 0)).responded(hcm(2025, 6, 9, 9, 10))
    met = clock.resolved(hcm(2025, 6, 9, 10, 59))
    assert met.state(hcm(2025, 6, 9, 10, 59)) is SlaState.MET
    assert met.state(hcm(2025, 6, 20)) is SlaState.MET  # and stays so
    assert met.elapsed(hcm(2025, 6, 20)) == 119 * MINUTE
    assert met.next_deadline(hcm(2025, 6, 9, 11, 0)) is None
    assert met.state(hcm(2025, 6, 9, 10, 0)) is SlaState.ON_TRACK  # as it stood before
    missed = clock.resolved(hcm(2025, 6, 9, 11, 0))
    assert missed.state(hcm(2025, 6, 9, 11, 0)) is SlaState.MISSED
    assert missed.due_at(hcm(2025, 6, 9, 12, 0)) == hcm(2025, 6, 9, 11, 0)


def test_a_target_used_up_at_closing_time_is_breached_all_night() -> None:
    clock = SlaClock.start(policy(2 * HOUR), hcm(2025, 6, 9, 15, 0))
    assert clock.due_at(hcm(2025, 6, 9, 15, 0)) == hcm(2025, 6, 9, 17, 0)
    assert clock.state(hcm(2025, 6, 9, 17, 0)) is SlaState.BREACHED
    assert clock.resolved(hcm(2025, 6, 9, 20, 0)).state(hcm(2025, 6, 9, 20, 0)) is SlaState.MISSED


def test_first_response_is_timed_separately_and_only_once() -> None:
    clock = SlaClock.start(policy(2 * HOUR, 30 * MINUTE), hcm(2025, 6, 9, 9, 0))
    answered = clock.responded(hcm(2025, 6, 9, 9, 20))
    assert answered.responded(hcm(2025, 6, 9, 9, 50)) is answered  # later answers change nothing
    assert answered.state(hcm(2025, 6, 9, 10, 0), FIRST_RESPONSE) is SlaState.MET
    assert answered.elapsed(hcm(2025, 6, 9, 10, 0), FIRST_RESPONSE) == 20 * MINUTE
    assert answered.state(hcm(2025, 6, 9, 10, 0)) is SlaState.ON_TRACK
    assert answered.next_deadline(hcm(2025, 6, 9, 9, 20)) == hcm(2025, 6, 9, 10, 36)
    late = clock.responded(hcm(2025, 6, 9, 9, 45))
    assert late.state(hcm(2025, 6, 9, 9, 45), FIRST_RESPONSE) is SlaState.MISSED


def test_resolution_without_an_answer_stops_the_first_response_clock() -> None:
    clock = SlaClock.start(policy(2 * HOUR, 30 * MINUTE), hcm(2025, 6, 9, 9, 0)).resolved(hcm(2025, 6, 9, 9, 10))
    assert clock.responded_at is None
    assert clock.state(hcm(2025, 6, 9, 12, 0), FIRST_RESPONSE) is SlaState.MET
    assert clock.responded(hcm(2025, 6, 9, 12, 0)) is clock


def test_status_categories_drive_the_clock() -> None:
    clock = SlaClock.start(policy(), hcm(2025, 6, 9, 9, 0))
    clock = clock.with_category(StatusCategory.PENDING_DEPARTMENT, hcm(2025, 6, 9, 9, 10))
    assert not clock.paused and len(clock.segments) == 1
    clock = clock.with_category(StatusCategory.PENDING_CUSTOMER, hcm(2025, 6, 9, 9, 20))
    assert clock.paused
    clock = clock.with_category(StatusCategory.OPEN, hcm(2025, 6, 9, 9, 30))
    assert not clock.paused
    clock = clock.with_category(StatusCategory.RESOLVED, hcm(2025, 6, 9, 9, 40))
    assert clock.resolved_at == hcm(2025, 6, 9, 9, 40)
    assert clock.with_category(StatusCategory.CLOSED, hcm(2025, 6, 9, 9, 50)) is clock
    with pytest.raises(Conflict, match="reopening"):
        clock.with_category(StatusCategory.OPEN, hcm(2025, 6, 10, 9, 0))


def test_a_stored_clock_rebuilds_equal() -> None:
    clock = (
        SlaClock.start(policy(), hcm(2025, 6, 9, 9, 0)).pause(hcm(2025, 6, 9, 9, 30)).responded(hcm(2025, 6, 9, 9, 40))
    )
    stored = SlaClock(
        (Segment(policy(), hcm(2025, 6, 9, 9, 0)), Segment(policy(), hcm(2025, 6, 9, 9, 30), paused=True)),
        responded_at=hcm(2025, 6, 9, 9, 40),
    )
    assert stored == clock


# --- errors ---------------------------------------------------------------------------------------


def test_pausing_twice_or_resuming_a_running_clock_is_a_conflict() -> None:
    clock = SlaClock.start(policy(), hcm(2025, 6, 9, 9, 0))
    with pytest.raises(Conflict, match="already paused"):
        clock.pause(hcm(2025, 6, 9, 9, 10)).pause(hcm(2025, 6, 9, 9, 20))
    with pytest.raises(Conflict, match="not paused"):
        clock.resume(hcm(2025, 6, 9, 9, 10))
    resolved = clock.resolved(hcm(2025, 6, 9, 9, 30))
    for change in (resolved.pause, resolved.resolved):
        with pytest.raises(Conflict, match="resolved"):
            change(hcm(2025, 6, 9, 9, 40))


def test_events_out_of_order_name_the_field_and_naive_times_are_refused() -> None:
    clock = SlaClock.start(policy(), hcm(2025, 6, 9, 9, 0)).pause(hcm(2025, 6, 9, 10, 0))
    with pytest.raises(InvalidInput) as exc:
        clock.resume(hcm(2025, 6, 9, 9, 59))
    assert "before the clock's last change" in fields(exc)["at"]
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.resume(datetime(2025, 6, 9, 11, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.elapsed(datetime(2025, 6, 9, 11, 0))
    with pytest.raises(ValueError, match="time order"):
        SlaClock((Segment(policy(), hcm(2025, 6, 9, 9, 0)), Segment(policy(), hcm(2025, 6, 9, 8, 0))))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"resolution_s": 0}, "resolution_s", "above 0"),
        ({"first_response_s": -60}, "first_response_s", "above 0"),
        ({"resolution_s": 1.5}, "resolution_s", "whole number"),
        ({"warn_at": 1.0}, "warn_at", "between 0 and 1"),
        ({"warn_at": 0}, "warn_at", "between 0 and 1"),
        ({"code": " "}, "code", "empty"),
        ({"breach_actions": ("shout",)}, "breach_actions", "escalate"),
        ({"calendar": calendar_from_text({})}, "calendar", "no opening hours"),
    ],
)
def test_an_invalid_policy_names_its_field(changes: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        policy(**changes)
    assert words in fields(exc)[field]


# --- choosing a policy ----------------------------------------------------------------------------


def test_the_segment_policy_beats_the_any_segment_one() -> None:
    general = policy(code="fault-high", kind=CaseKind.FAULT, priority=Priority.HIGH)
    vip = policy(HOUR, code="fault-high-vip", kind=CaseKind.FAULT, priority=Priority.HIGH, segment="vip")
    table = [general, vip, policy()]
    check_policies(table)
    assert choose_policy(table, CaseKind.FAULT, Priority.HIGH, "vip") is vip
    assert choose_policy(table, CaseKind.FAULT, Priority.HIGH, "sme") is general
    assert choose_policy(table, CaseKind.FAULT, Priority.HIGH, None) is general
    assert choose_policy(table, CaseKind.FAULT, Priority.LOW, "vip") is None


def test_duplicate_policies_are_refused_by_name() -> None:
    table = [policy(), policy(code="copy"), policy(priority=Priority.HIGH)]
    with pytest.raises(InvalidInput) as exc:
        check_policies(table)
    assert fields(exc) == {
        "policies[1]": "same kind, priority and segment as policies[0]",
        "policies[2].code": "'complaint-normal' is already used by policies[0]",
    }
    with pytest.raises(InvalidInput, match="complaint-normal, copy"):
        choose_policy(table, CaseKind.COMPLAINT, Priority.NORMAL, None)


def test_priorities_are_ordered_and_raised_one_step() -> None:
    assert sorted([Priority.URGENT, Priority.LOW, Priority.HIGH, Priority.NORMAL]) == list(Priority)
    assert Priority.LOW < Priority.HIGH and max(Priority) is Priority.URGENT
    assert Priority.NORMAL.raised() is Priority.HIGH
    assert Priority.URGENT.raised() is Priority.URGENT
    assert Priority("high") == "high"
    with pytest.raises(TypeError):
        assert Priority.LOW < "high"
    assert policy(breach_actions=(BreachAction.RAISE_PRIORITY,)).breach_actions == (BreachAction.RAISE_PRIORITY,)
    assert StatusCategory.PENDING_CUSTOMER.pauses_sla and not StatusCategory.PENDING_DEPARTMENT.pauses_sla
    assert date(2026, 2, 17) in OFFICE.holidays
