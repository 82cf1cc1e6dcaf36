"""Cases over HTTP: opened with an SLA clock on the office calendar, paused while waiting for the customer,
dispatched, resolved and closed; versioned, evented, notified, region-scoped; lists and the at-risk list.

The clock stands at Monday 2 March 2026, 10:00 in Ho Chi Minh City (03:00 UTC); the office calendar is
Mon–Sat 07:30–17:00, so a business day is 9.5 hours.
"""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from carecenter.app.commands.users import create_department, create_team
from carecenter.bootstrap import Container
from carecenter.domain.cases.model import CaseKind, Priority
from carecenter.domain.cases.sla import check_policies
from tests.factories import SYSTEM, FakeClock, Household, Staff, add_contact, event_types, make_household, rows

CASES = "/api/v1/cases"


def _open(client: TestClient[Any], who: Staff, customer_id: int, **body: Any) -> Any:
    payload = {"kind": "complaint", "customer_id": customer_id, "subject": "Cước tháng 2 tính sai", **body}
    return client.post(CASES, json=payload, headers=who.headers)


def _opened(client: TestClient[Any], who: Staff, customer_id: int, **body: Any) -> dict[str, Any]:
    response = _open(client, who, customer_id, **body)
    assert response.status_code == 201, response.text
    body_json: dict[str, Any] = response.json()
    return body_json


def _post(client: TestClient[Any], who: Staff, case: dict[str, Any], action: str, **body: Any) -> Any:
    return client.post(f"{CASES}/{case['id']}/{action}", json={"version": case["version"], **body}, headers=who.headers)


def _moved(client: TestClient[Any], who: Staff, case: dict[str, Any], action: str, **body: Any) -> dict[str, Any]:
    response = _post(client, who, case, action, **body)
    assert response.status_code == 200, response.text
    moved: dict[str, Any] = response.json()
    return moved


def test_opening_a_complaint_starts_its_sla_clock_on_the_office_calendar(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    home: Household = make_household(ctx)
    call = add_contact(ctx, home.customer_id, agent_id=staff["agent"].id, status="open")
    case = _opened(
        client,
        staff["agent"],
        home.customer_id,
        description="Khách báo cước tháng 2 gấp đôi",
        interaction_id=call,
        service_account_id=home.service_id,
        cause_code="billing.wrong_amount",
        custom={"bill_period": "2026-02"},
    )
    assert case["number"] == f"C-{case['id']:06d}"
    assert (case["kind"], case["status_code"], case["category"], case["priority"]) == (
        "complaint",
        "new",
        "new",
        "normal",
    )
    assert case["status"]["label_vi"] == "Mới tiếp nhận"
    assert (case["region_code"], case["version"], case["custom"]) == ("MN", 1, {"bill_period": "2026-02"})
    assert len(case["public_token"]) >= 32
    sla = case["sla"]
    assert sla["policy_code"] == "complaint.normal"
    # 4 business hours from Monday 10:00 -> 14:00; 3 business days (28.5 h) -> Thursday 10:00.
    assert sla["first_response"] == {
        "state": "on_track",
        "due_at": "2026-03-02T07:00:00+00:00",
        "budget_s": 4 * 3600,
        "elapsed_s": 0,
        "remaining_s": 4 * 3600,
    }
    assert sla["resolution"]["due_at"] == "2026-03-05T03:00:00+00:00"
    assert case["interactions"] == [
        {
            "interaction_id": call,
            "relation": "raised",
            "channel": "voice",
            "started_at": case["opened_at"],
            "status": "open",
        }
    ]

    stored = rows(container.engine, "cases", id=case["id"])[0]
    assert stored["sla"]["segments"] == [
        {"policy": "complaint.normal", "since": "2026-03-02T03:00:00+00:00", "paused": False}
    ]
    # The first response turns to warning at 80 % of 4 hours (13:12), the job runner's first timer.
    assert stored["sla_next_at"].isoformat() == stored["sla_warn_at"].isoformat() == "2026-03-02T06:12:00+00:00"
    assert stored["sla_due_at"].isoformat() == "2026-03-02T07:00:00+00:00"
    assert event_types(container.engine, "case", case["id"]) == ["CaseOpened"]
    [notice] = rows(container.engine, "outbox", customer_id=home.customer_id)
    assert (notice["channel"], notice["recipient"], notice["template"], notice["locale"]) == (
        "sms",
        "+84987654321",
        "case.opened",
        "vi",
    )
    assert notice["payload"]["public_token"] == case["public_token"]
    assert (notice["payload"]["kind"], notice["payload"]["status"]) == ("complaint", "new")
    assert client.get(f"{CASES}/{case['id']}", headers=staff["qa"].headers).json()["number"] == case["number"]


def test_waiting_for_the_customer_pauses_the_resolution_clock_and_back_resumes_it(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    home = make_household(container.context)
    agent = staff["agent"]
    case = _opened(client, agent, home.customer_id)
    clock.advance(hours=1)
    case = _moved(client, agent, case, "status", status_code="open")
    assert case["sla"]["first_response"]["state"] == "met"  # leaving `new` answers the customer
    clock.advance(hours=1)  # Monday 12:00: two business hours used
    case = _moved(client, agent, case, "status", status_code="waiting_customer", note="Hỏi khách số hợp đồng")
    assert (case["category"], case["sla"]["resolution"]["state"], case["sla"]["resolution"]["due_at"]) == (
        "pending_customer",
        "paused",
        None,
    )
    assert case["sla"]["risk"] is None
    assert rows(container.engine, "cases", id=case["id"])[0]["sla_next_at"] is None  # nothing to time while paused

    clock.advance(hours=24)  # Tuesday 12:00: the customer answers
    case = _moved(client, agent, case, "status", status_code="open")
    resolution = case["sla"]["resolution"]
    assert resolution["state"] == "on_track"
    assert resolution["elapsed_s"] == 2 * 3600  # the paused business day did not count
    assert resolution["due_at"] == "2026-03-06T03:00:00+00:00"  # Friday 10:00, a business day later
    assert case["version"] == 4
    assert [n["text"] for n in case["notes"]] == ["Hỏi khách số hợp đồng"]
    assert event_types(container.engine, "case", case["id"]) == ["CaseOpened", *["CaseStatusChanged"] * 3]
    notices = rows(container.engine, "outbox", customer_id=home.customer_id)
    assert [(n["template"], n["payload"]["status"]) for n in notices] == [
        ("case.opened", "new"),
        ("case.status", "open"),
        ("case.status", "waiting_customer"),
        ("case.status", "open"),
    ]


def test_dispatched_case_is_resolved_by_back_office_and_closed(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    ctx = container.context
    home = make_household(ctx)
    technical = create_department(ctx, SYSTEM, "Kỹ thuật", "MN")
    field_team = create_team(ctx, SYSTEM, "Đội hiện trường Q1", technical)
    case = _opened(client, staff["agent"], home.customer_id, kind="fault", subject="Mất mạng cáp quang")
    case = _moved(client, staff["agent"], case, "assign", team_id=field_team, assignee_id=staff["back_office"].id)
    assert (case["department_id"], case["team_id"], case["assignee_id"]) == (
        technical,
        field_team,
        staff["back_office"].id,
    )
    assert case["policy_code"] == "fault.normal"  # the same policy after dispatch, for now
    assert event_types(container.engine, "case", case["id"])[-1] == "CaseAssigned"

    refused = _post(client, staff["agent"], case, "resolve", resolution_code="fixed")
    assert refused.status_code == 403  # the department resolves what was dispatched to it
    assert "dispatched" in refused.json()["detail"]

    clock.advance(hours=3)
    case = _moved(client, staff["back_office"], case, "resolve", resolution_code="fiber.respliced", note="Hàn lại cáp")
    assert (case["category"], case["resolution_code"], case["first_contact_resolution"]) == (
        "resolved",
        "fiber.respliced",
        False,
    )
    assert case["resolved_at"] == "2026-03-02T06:00:00+00:00"
    assert {t: case["sla"][t]["state"] for t in ("first_response", "resolution")} == {
        "first_response": "met",
        "resolution": "met",
    }
    stored = rows(container.engine, "cases", id=case["id"])[0]
    assert (stored["sla_next_at"], stored["sla_due_at"]) == (None, None)

    case = _moved(client, staff["agent"], case, "status", status_code="closed")
    assert case["closed_at"] == "2026-03-02T06:00:00+00:00"
    again = _post(client, staff["agent"], case, "status", status_code="open")
    assert again.status_code == 409
    assert "closed" in again.json()["detail"]


def test_resolved_on_first_contact_by_the_agent_who_opened_it(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    case = _opened(client, staff["agent"], home.customer_id, kind="inquiry", subject="Hỏi giờ làm việc")
    case = _moved(client, staff["agent"], case, "resolve", resolution_code="answered")
    assert case["first_contact_resolution"] is True
    assert case["sla"]["first_response"]["state"] == "met"


def test_illegal_transitions_are_409_with_a_clear_message(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    agent = staff["agent"]
    case = _opened(client, agent, home.customer_id)

    skipping = _post(client, agent, case, "status", status_code="closed")
    assert skipping.status_code == 409
    assert skipping.json()["detail"] == "a case cannot go from 'New' (new) to 'Closed' (closed)"
    same = _post(client, agent, case, "status", status_code="new")
    assert (same.status_code, same.json()["detail"]) == (409, "the case is already 'New'")
    unknown = _post(client, agent, case, "status", status_code="technician_on_site")  # a fault status
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "status_code"

    case = _moved(client, agent, case, "resolve", resolution_code="explained")
    reopen = _post(client, agent, case, "status", status_code="open")
    assert reopen.status_code == 409
    assert "reopening" in reopen.json()["detail"] and "not supported yet" in reopen.json()["detail"]
    assert event_types(container.engine, "case", case["id"]) == ["CaseOpened", "CaseStatusChanged"]


def test_a_stale_version_is_a_409_and_nothing_is_written(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    first = _opened(client, staff["agent"], home.customer_id)
    _moved(client, staff["agent"], first, "status", status_code="open")  # version 2 now
    for action, body in (
        ("status", {"status_code": "waiting_customer", "note": "lost"}),
        ("assign", {"assignee_id": staff["agent"].id}),
        ("resolve", {"resolution_code": "explained"}),
    ):
        stale = _post(client, staff["supervisor"], first, action, **body)
        assert stale.status_code == 409, action
        assert "changed by someone else" in stale.json()["detail"] and "reload" in stale.json()["detail"]
        assert stale.json()["current"] == {"version": 2}
    stored = rows(container.engine, "cases", id=first["id"])[0]
    assert (stored["status_code"], stored["version"], stored["assignee_id"]) == ("open", 2, None)
    assert rows(container.engine, "case_notes") == []
    assert event_types(container.engine, "case") == ["CaseOpened", "CaseStatusChanged"]
    assert len(rows(container.engine, "outbox")) == 2


def test_bad_fields_are_422_problems_naming_each_and_nothing_is_written(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    home = make_household(ctx)
    other = make_household(ctx, name="Phạm Văn Bình", phone="0903111222", account_number="HCM-0002")
    their_call = add_contact(ctx, other.customer_id)
    agent = staff["agent"]

    def fields(response: Any) -> set[str]:
        assert response.status_code == 422, response.text
        return {e["field"] for e in response.json()["errors"]}

    body = {"kind": "rocket", "priority": "asap", "subject": " ", "description": "x" * 5001}
    assert fields(_open(client, agent, home.customer_id, **body)) == {"kind", "priority", "subject", "description"}
    wrong_links = {"interaction_id": their_call, "service_account_id": other.service_id, "premise_id": 424242}
    assert fields(_open(client, agent, home.customer_id, **wrong_links)) == set(wrong_links)
    assert fields(_open(client, agent, home.customer_id, kind="fault", cause_code="billing")) == {"cause_code"}
    assert fields(_open(client, agent, home.customer_id, custom={"meter": {"nested": 1}})) == {"custom.meter"}
    assert fields(_open(client, agent, 424242)) == {"customer_id"}
    assert rows(container.engine, "cases") == []

    case = _opened(client, agent, home.customer_id)
    note = client.post(f"{CASES}/{case['id']}/notes", json={"kind": "gossip", "text": ""}, headers=agent.headers)
    assert fields(note) == {"kind", "text"}
    bad_code = _post(client, agent, case, "resolve", resolution_code="Not A Code")
    assert bad_code.status_code == 422
    assert [e["field"] for e in bad_code.json()["errors"]] == ["resolution_code"]
    assert fields(_post(client, agent, case, "assign", department_id=424242)) == {"department_id"}
    assert client.get(f"{CASES}/424242", headers=agent.headers).status_code == 404
    listing = client.get(CASES, params={"limit": 500, "at_risk": "soon", "kind": "x"}, headers=agent.headers)
    assert fields(listing) == {"limit", "at_risk", "kind"}


def test_notes_append_to_the_follow_up_sheet_without_a_version(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    home = make_household(container.context)
    case = _opened(client, staff["agent"], home.customer_id)
    clock.advance(minutes=10)
    added = client.post(
        f"{CASES}/{case['id']}/notes",
        json={"kind": "contact", "text": "Gọi lại cho khách"},
        headers=staff["agent"].headers,
    )
    assert added.status_code == 201, added.text
    detail = client.get(f"{CASES}/{case['id']}", headers=staff["agent"].headers).json()
    assert [(n["kind"], n["text"], n["author_id"]) for n in detail["notes"]] == [
        ("contact", "Gọi lại cho khách", staff["agent"].id)
    ]
    assert detail["version"] == 1  # a note leaves the case as it was
    assert event_types(container.engine, "case", case["id"]) == ["CaseOpened", "CaseNoteAdded"]


def test_back_office_sees_and_works_only_their_regions_cases(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    north = make_household(
        container.context, name="Đỗ Thị Hà", phone="0904000111", region_code="MB", account_number="HN-1"
    )
    case = _opened(client, staff["agent"], north.customer_id)  # agents serve every region
    assert case["region_code"] == "MB"
    south_office, north_office = staff["back_office"], staff["back_office_mb"]
    assert client.get(f"{CASES}/{case['id']}", headers=south_office.headers).status_code == 403
    assert _post(client, south_office, case, "status", status_code="open").status_code == 403
    assert (
        client.post(f"{CASES}/{case['id']}/notes", json={"text": "x"}, headers=south_office.headers).status_code == 403
    )
    assert _open(client, south_office, north.customer_id).status_code == 403
    assert client.get(CASES, headers=south_office.headers).json()["cases"] == []

    assert client.get(f"{CASES}/{case['id']}", headers=north_office.headers).status_code == 200
    assert [c["id"] for c in client.get(CASES, headers=north_office.headers).json()["cases"]] == [case["id"]]
    assert _post(client, north_office, case, "status", status_code="open").status_code == 200


def test_list_filters_and_the_at_risk_list_soonest_due_first(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    ctx = container.context
    home = make_household(ctx)
    agent = staff["agent"]
    complaint = _opened(client, agent, home.customer_id)  # first response 4 business hours, warning at 80 %
    urgent = _opened(client, agent, home.customer_id, kind="fault", priority="urgent", subject="Mất điện cả khu phố")
    high = _opened(client, agent, home.customer_id, kind="fault", priority="high", subject="Mất mạng từ sáng")
    slow = _opened(client, agent, home.customer_id, kind="inquiry", priority="low", subject="Hỏi về gói cước")

    def ids(**params: Any) -> list[int]:
        response = client.get(CASES, params=params, headers=agent.headers)
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()["cases"]]

    assert ids(at_risk="warning") == [] and ids(at_risk="breached") == []
    clock.advance(hours=3, minutes=30)  # 13:30: faults (first response 1 h and 2 h, around the clock) are late
    assert ids(at_risk="breached") == [urgent["id"], high["id"]]  # soonest due first
    assert ids(at_risk="warning") == [complaint["id"]]  # 3.5 of 4 business hours used
    lines = client.get(CASES, params={"at_risk": "breached"}, headers=agent.headers).json()["cases"]
    assert [(line["risk"], line["due_at"]) for line in lines] == [
        ("breached", "2026-03-02T04:00:00+00:00"),
        ("breached", "2026-03-02T05:00:00+00:00"),
    ]

    assert ids() == [slow["id"], high["id"], urgent["id"], complaint["id"]]  # newest first
    assert ids(kind="fault") == [high["id"], urgent["id"]]
    assert ids(priority="low") == [slow["id"]]
    assert ids(q="MẤT MẠNG") == ids(q="mat mang") == [high["id"]]  # case and diacritics are ignored
    assert ids(customer_id=home.customer_id, limit=2, offset=1) == [high["id"], urgent["id"]]
    _moved(client, agent, urgent, "assign", assignee_id=staff["back_office"].id)
    _moved(client, agent, slow, "status", status_code="open")
    assert ids(assignee_id=staff["back_office"].id) == [urgent["id"]]
    assert ids(category="open") == [slow["id"]]
    assert ids(category="new", at_risk="breached") == [urgent["id"], high["id"]]


def test_statuses_and_sla_policies_are_listed_and_the_seed_is_consistent(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    statuses = client.get("/api/v1/case-statuses", params={"kind": "complaint"}, headers=staff["qa"].headers).json()
    assert [(s["code"], s["category"]) for s in statuses["statuses"]] == [
        ("new", "new"),
        ("open", "open"),
        ("waiting_customer", "pending_customer"),
        ("with_department", "pending_department"),
        ("resolved", "resolved"),
        ("closed", "closed"),
    ]
    policies = client.get("/api/v1/sla-policies", headers=staff["agent"].headers).json()["policies"]
    normal = next(p for p in policies if p["code"] == "complaint.normal")
    assert (normal["first_response_s"], normal["resolution_s"], normal["calendar_code"]) == (
        4 * 3600,
        102_600,
        "office",
    )
    with container.context.read() as uow:
        loaded = uow.case_config.policies()
    check_policies(loaded)
    assert {(p.kind, p.priority) for p in loaded if p.segment is None} == {(k, p) for k in CaseKind for p in Priority}
