"""The SLA job runner on SQLite and PostgreSQL: due cases are claimed by one conditional UPDATE and fired
once — a warning once, a breach once with the policy's actions — by one worker or by several at once, and
a claim left by a dead worker is taken over when its lease runs out.

The `fault.low` policy is made fast here: around the clock, first response in 100 s (warning at 80 s),
resolution in 1,000 s (warning at 800 s), breach actions escalate, raise priority and notify.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from carecenter.adapters.db import tables
from carecenter.app.commands.case_sla import fire_due
from carecenter.app.commands.cases import open_case
from carecenter.app.commands.users import create_department
from carecenter.bootstrap import Container
from carecenter.domain.access.permissions import Role
from tests.factories import SYSTEM, FakeClock, make_customer, make_user, rows

FAST = {
    "calendar_code": "24x7",
    "first_response_s": 100,
    "resolution_s": 1000,
    "warn_at": 0.8,
    "breach_actions": ["escalate", "raise_priority", "notify"],
}


def _fast_policies(container: Container) -> None:
    with container.engine.begin() as connection:
        connection.execute(update(tables.sla_policies).where(tables.sla_policies.c.code == "fault.low").values(**FAST))
        for code in ("fault.normal",):  # where a raised priority lands: around the clock, but slower
            connection.execute(
                update(tables.sla_policies)
                .where(tables.sla_policies.c.code == code)
                .values(calendar_code="24x7", first_response_s=100_000, resolution_s=200_000, breach_actions=[])
            )


def _open(container: Container, customer_id: int, department_id: int | None = None) -> int:
    case = open_case(container.context, SYSTEM, "fault", customer_id, "Mất mạng", priority="low")
    assert case.id is not None and case.policy_code == "fault.low"
    if department_id is not None:
        with container.engine.begin() as connection:
            connection.execute(
                update(tables.cases).where(tables.cases.c.id == case.id).values(department_id=department_id)
            )
    return case.id


def _events(container: Container, *types: str) -> list[dict[str, Any]]:
    return [e for e in rows(container.engine, "events", aggregate="case") if e["type"] in types]


def test_a_warning_fires_once_then_the_breach_with_its_actions(container: Container, clock: FakeClock) -> None:
    _fast_policies(container)
    ctx = container.context
    department = create_department(ctx, SYSTEM, "Kỹ thuật Quận 1", "MN")
    supervisor = make_user(ctx, Role.SUPERVISOR, username="sup_q1")
    with container.engine.begin() as connection:
        connection.execute(
            update(tables.users).where(tables.users.c.id == supervisor.id).values(department_id=department)
        )
    case_id = _open(container, make_customer(ctx), department)

    assert fire_due(ctx, "w1").claimed == 0  # nothing due yet
    clock.advance(seconds=85)
    report = fire_due(ctx, "w1")
    assert [(f.case_id, [(x.target.value, x.alarm.value) for x in f.firings]) for f in report.fired] == [
        (case_id, [("first_response", "warning")])
    ]
    assert fire_due(ctx, "w1").claimed == 0  # the timer moved on: nothing fires twice
    warning = _events(container, "CaseSlaWarning")
    assert [e["payload"]["target"] for e in warning] == ["first_response"]
    assert [o["recipient"] for o in rows(container.engine, "outbox", channel="staff")] == [f"department:{department}"]

    clock.advance(seconds=20)  # 105 s: the first response is late
    report = fire_due(ctx, "w2")
    assert [a.value for a in report.fired[0].actions] == ["escalate", "raise_priority", "notify"]
    assert fire_due(ctx, "w2").claimed == 0
    assert len(_events(container, "CaseSlaBreached")) == 1
    escalated = _events(container, "CaseEscalated")
    assert [e["payload"]["supervisor_id"] for e in escalated] == [supervisor.id]
    raised = _events(container, "CasePriorityRaised")
    assert [(e["payload"]["before"], e["payload"]["after"], e["payload"]["policy"]) for e in raised] == [
        ("low", "normal", "fault.normal")
    ]
    (row,) = rows(container.engine, "cases", id=case_id)
    assert (row["priority"], row["assignee_id"], row["policy_code"]) == ("normal", supervisor.id, "fault.normal")
    assert row["escalated_at"] is not None and row["claimed_by"] is None
    assert sorted(row["sla_fired"]) == ["first_response.breach", "first_response.warning"]
    assert row["version"] == 3  # the warning and the breach each saved the case
    notices = [o["template"] for o in rows(container.engine, "outbox", channel="staff")]
    assert notices == ["case.sla_warning", "case.escalated", "case.sla_breached"]

    clock.advance(days=30)  # under fault.normal now: its own warning and breach, once each, no actions
    fire_due(ctx, "w1")
    assert fire_due(ctx, "w1").claimed == 0
    counts = Counter(
        (e["type"], e["payload"].get("target")) for e in _events(container, "CaseSlaWarning", "CaseSlaBreached")
    )
    assert counts == {
        ("CaseSlaWarning", "first_response"): 1,
        ("CaseSlaBreached", "first_response"): 1,
        ("CaseSlaWarning", "resolution"): 1,
        ("CaseSlaBreached", "resolution"): 1,
    }
    (row,) = rows(container.engine, "cases", id=case_id)
    assert row["sla_next_at"] is None


def test_two_workers_at_once_never_fire_one_case_twice(container: Container, clock: FakeClock) -> None:
    _fast_policies(container)
    ctx = container.context
    customer = make_customer(ctx)
    opened = [_open(container, customer) for _ in range(30)]
    clock.advance(seconds=2000)  # every alarm of every case is due
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            barrier.wait()
            while fire_due(ctx, name, limit=4).claimed:
                pass
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    counts = Counter(
        (int(e["aggregate_id"]), e["type"], e["payload"].get("target"))
        for e in _events(container, "CaseSlaWarning", "CaseSlaBreached", "CaseEscalated", "CasePriorityRaised")
    )
    for case_id in opened:
        for kind in ("CaseSlaWarning", "CaseSlaBreached"):
            for target in ("first_response", "resolution"):
                assert counts[(case_id, kind, target)] == 1, (case_id, kind, target)
        assert counts[(case_id, "CaseEscalated", None)] == 1  # one breach round: both targets at once
        assert counts[(case_id, "CasePriorityRaised", None)] == 1
    assert all(r["claimed_by"] is None for r in rows(container.engine, "cases"))


def test_a_claim_whose_lease_ran_out_is_taken_over(container: Container, clock: FakeClock) -> None:
    _fast_policies(container)
    ctx = container.context
    case_id = _open(container, make_customer(ctx))
    clock.advance(seconds=85)
    now = clock.now()
    with ctx.uow() as uow:  # a worker claims the case, then dies before acting
        assert uow.case_timers.claim("dead", now, now + timedelta(seconds=30), 10) == [case_id]
        uow.commit()
    assert fire_due(ctx, "alive").claimed == 0  # its lease still holds
    assert _events(container, "CaseSlaWarning") == []
    clock.advance(seconds=31)
    report = fire_due(ctx, "alive")
    assert [f.case_id for f in report.fired] == [case_id]
    assert len(_events(container, "CaseSlaWarning")) == 1
    (row,) = rows(container.engine, "cases", id=case_id)
    assert (row["claimed_by"], row["claimed_until"]) == (None, None)


def test_a_save_by_someone_else_keeps_what_was_fired(container: Container, clock: FakeClock) -> None:
    _fast_policies(container)
    ctx = container.context
    case_id = _open(container, make_customer(ctx))
    clock.advance(seconds=85)
    assert len(fire_due(ctx, "w").fired) == 1  # the first-response warning
    clock.advance(seconds=1)
    with ctx.uow() as uow:  # someone saves the case: its timer is taken again from the clock
        case = uow.cases.get(case_id)
        uow.cases.save(case, case.version)
        uow.commit()
    clock.advance(seconds=20)
    report = fire_due(ctx, "w")
    assert [(x.target.value, x.alarm.value) for f in report.fired for x in f.firings] == [("first_response", "breach")]
    assert len(_events(container, "CaseSlaWarning")) == 1
