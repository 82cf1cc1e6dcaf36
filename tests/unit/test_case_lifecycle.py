"""The case lifecycle: which status moves are allowed, what each does to the SLA clock, and the seed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from carecenter.domain.calendar.business_hours import calendar_from_text
from carecenter.domain.cases import lifecycle
from carecenter.domain.cases.case import case_number, risk_at
from carecenter.domain.cases.defaults import DEFAULT_POLICIES, DEFAULT_STATUSES, OFFICE_HOURS
from carecenter.domain.cases.model import CaseKind, Priority, StatusCategory
from carecenter.domain.cases.sla import SlaClock, SlaPolicy, SlaState, Target, check_policies
from carecenter.domain.errors import Conflict

C = StatusCategory
MONDAY_10 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10:00 in Ho Chi Minh City
HOUR = timedelta(hours=1)
OFFICE = calendar_from_text(OFFICE_HOURS)
POLICY = SlaPolicy("complaint.normal", CaseKind.COMPLAINT, Priority.NORMAL, None, 4 * 3600, 28 * 3600, calendar=OFFICE)

ALLOWED = {
    (C.NEW, C.OPEN),
    (C.NEW, C.PENDING_CUSTOMER),
    (C.NEW, C.PENDING_DEPARTMENT),
    (C.NEW, C.RESOLVED),
    (C.OPEN, C.PENDING_CUSTOMER),
    (C.OPEN, C.PENDING_DEPARTMENT),
    (C.OPEN, C.RESOLVED),
    (C.PENDING_CUSTOMER, C.OPEN),
    (C.PENDING_CUSTOMER, C.PENDING_DEPARTMENT),
    (C.PENDING_CUSTOMER, C.RESOLVED),
    (C.PENDING_DEPARTMENT, C.OPEN),
    (C.PENDING_DEPARTMENT, C.PENDING_CUSTOMER),
    (C.PENDING_DEPARTMENT, C.RESOLVED),
    (C.RESOLVED, C.CLOSED),
}


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_moves_pass(current: StatusCategory, target: StatusCategory) -> None:
    lifecycle.check_transition(current, target, "A", "B")


@pytest.mark.parametrize(
    ("current", "target"),
    sorted((a, b) for a, b in product(StatusCategory, repeat=2) if (a, b) not in ALLOWED and a != b),
)
def test_every_other_move_between_categories_is_a_conflict(current: StatusCategory, target: StatusCategory) -> None:
    with pytest.raises(Conflict):
        lifecycle.check_transition(current, target, "A", "B")


def test_a_case_may_move_between_statuses_of_one_category_until_closed_but_not_to_its_own() -> None:
    lifecycle.check_transition(C.OPEN, C.OPEN, "In progress", "Technician on site")
    lifecycle.check_transition(C.RESOLVED, C.RESOLVED, "Resolved", "Resolved with a workaround")
    with pytest.raises(Conflict, match="already 'In progress'"):
        lifecycle.check_transition(C.OPEN, C.OPEN, "In progress", "In progress")


def test_the_refusals_say_why() -> None:
    with pytest.raises(Conflict, match="cannot go from 'New' \\(new\\) to 'Closed' \\(closed\\)"):
        lifecycle.check_transition(C.NEW, C.CLOSED, "New", "Closed")
    with pytest.raises(Conflict, match="reopening it \\('In progress'\\) is not supported yet"):
        lifecycle.check_transition(C.RESOLVED, C.OPEN, "Resolved", "In progress")
    with pytest.raises(Conflict, match="closed case cannot change"):
        lifecycle.check_transition(C.CLOSED, C.CLOSED, "Closed", "Archived")


def test_leaving_new_is_the_first_response_and_pending_the_customer_pauses_the_resolution_clock() -> None:
    clock = SlaClock.start(POLICY, MONDAY_10)
    opened = lifecycle.clock_after_move(clock, C.NEW, C.OPEN, MONDAY_10 + HOUR)
    assert opened is not None and opened.responded_at == MONDAY_10 + HOUR
    assert opened.state(MONDAY_10 + 2 * HOUR, Target.FIRST_RESPONSE) is SlaState.MET

    waiting = lifecycle.clock_after_move(opened, C.OPEN, C.PENDING_CUSTOMER, MONDAY_10 + 2 * HOUR)
    assert waiting is not None and waiting.paused
    assert waiting.responded_at == MONDAY_10 + HOUR  # a later move is no new first response
    assert waiting.due_at(MONDAY_10 + 3 * HOUR) is None

    back = lifecycle.clock_after_move(waiting, C.PENDING_CUSTOMER, C.OPEN, MONDAY_10 + 26 * HOUR)
    assert back is not None and not back.paused
    assert back.elapsed(MONDAY_10 + 26 * HOUR) == 2 * 3600

    resolved = lifecycle.clock_after_move(back, C.OPEN, C.RESOLVED, MONDAY_10 + 27 * HOUR)
    assert resolved is not None and resolved.resolved_at == MONDAY_10 + 27 * HOUR
    assert lifecycle.clock_after_move(resolved, C.RESOLVED, C.CLOSED, MONDAY_10 + 28 * HOUR) == resolved
    assert lifecycle.clock_after_move(None, C.NEW, C.OPEN, MONDAY_10) is None  # a case without an SLA


def test_a_case_answered_by_going_pending_the_customer_is_responded_and_paused() -> None:
    clock = lifecycle.clock_after_move(SlaClock.start(POLICY, MONDAY_10), C.NEW, C.PENDING_CUSTOMER, MONDAY_10)
    assert clock is not None and clock.responded_at == MONDAY_10 and clock.paused


def test_first_contact_resolution_is_the_opener_resolving_straight_from_new() -> None:
    assert lifecycle.first_contact_resolution(C.NEW, C.RESOLVED, opener=7, actor=7)
    assert not lifecycle.first_contact_resolution(C.NEW, C.RESOLVED, opener=7, actor=8)
    assert not lifecycle.first_contact_resolution(C.OPEN, C.RESOLVED, opener=7, actor=7)


def _worst(clock: SlaClock, now: datetime) -> SlaState | None:
    states = {clock.state(now, target) for target in Target}
    for state in (SlaState.BREACHED, SlaState.WARNING, SlaState.ON_TRACK):
        if state in states:
            return state
    return None  # paused, met or missed: nothing running


def test_the_risk_window_tells_the_state_at_any_later_moment() -> None:
    clock = SlaClock.start(POLICY, MONDAY_10)
    warning, breach = clock.risk_window(MONDAY_10)
    # The first response (4 business hours) is due first: warning at 80 % (13:12), breach at 14:00.
    assert (warning, breach) == (MONDAY_10 + timedelta(hours=3, minutes=12), MONDAY_10 + 4 * HOUR)
    for minutes in range(0, 8 * 60, 7):
        now = MONDAY_10 + timedelta(minutes=minutes)
        assert risk_at(warning, breach, now) is _worst(clock, now), now

    # Answered, paused a day, resumed under a faster policy: read from the last change on, as stored.
    faster = SlaPolicy("complaint.high", CaseKind.COMPLAINT, Priority.HIGH, None, 3600, 10 * 3600, calendar=OFFICE)
    later = clock.responded(MONDAY_10 + HOUR).pause(MONDAY_10 + 2 * HOUR).resume(MONDAY_10 + 26 * HOUR)
    later = later.change_policy(faster, MONDAY_10 + 27 * HOUR)
    warning, breach = later.risk_window(MONDAY_10 + 27 * HOUR)
    for minutes in range(27 * 60, 80 * 60, 13):
        now = MONDAY_10 + timedelta(minutes=minutes)
        assert risk_at(warning, breach, now) is _worst(later, now), now

    # Breached, then paused: it stays breached while paused (and shows no warning of its own).
    tight = SlaPolicy("inquiry.urgent", CaseKind.INQUIRY, Priority.URGENT, None, 3600, 2 * 3600, calendar=OFFICE)
    late = SlaClock.start(tight, MONDAY_10).responded(MONDAY_10).pause(MONDAY_10 + 3 * HOUR)
    assert late.risk_window(MONDAY_10 + 3 * HOUR) == (None, MONDAY_10 + 2 * HOUR)
    assert risk_at(None, MONDAY_10 + 2 * HOUR, MONDAY_10 + 9 * HOUR) is _worst(late, MONDAY_10 + 9 * HOUR)

    paused = lifecycle.clock_after_move(clock, C.NEW, C.PENDING_CUSTOMER, MONDAY_10 + HOUR)
    assert paused is not None and paused.risk_window(MONDAY_10 + HOUR) == (None, None)
    assert risk_at(None, None, MONDAY_10) is None


def test_case_numbers_come_from_the_id() -> None:
    assert (case_number(123), case_number(1_234_567)) == ("C-000123", "C-1234567")


def test_the_seed_has_every_category_for_every_kind_and_a_policy_for_every_kind_and_priority() -> None:
    for kind in CaseKind:
        assert {s.category for s in DEFAULT_STATUSES if s.kind is kind} == set(StatusCategory), kind
    assert len({(s.kind, s.code) for s in DEFAULT_STATUSES}) == len(DEFAULT_STATUSES)
    policies = [spec.build(OFFICE) for spec in DEFAULT_POLICIES]
    check_policies(policies)
    assert {(p.kind, p.priority) for p in policies if p.segment is None} == set(product(CaseKind, Priority))
    normal = next(p for p in DEFAULT_POLICIES if p.code == "complaint.normal")
    assert (normal.first_response_s, normal.resolution_s) == (4 * 3600, 3 * 34_200)  # 3 office days
