"""The cases pages: the list and its filters, a case with its SLA and timeline, opening a case from a
customer or a held contact, the forms that change a case (303, 422, 409), the department queue and the
SLA at-risk list.

The clock stands at Monday 2 March 2026, 10:00 in Ho Chi Minh City; the office calendar is Mon–Sat
07:30–17:00.
"""

from __future__ import annotations

import re
from typing import Any

from litestar.testing import TestClient

from carecenter.app.commands.users import create_department, create_team, update_user
from carecenter.app.queries.cases import work_queue
from carecenter.bootstrap import Container
from tests.factories import SYSTEM, FakeClock, Staff, make_household

CASES = "/api/v1/cases"


def _opened(client: TestClient[Any], who: Staff, customer_id: int, **body: Any) -> dict[str, Any]:
    payload = {"kind": "complaint", "customer_id": customer_id, "subject": "Cước tháng 2 tính sai", **body}
    response = client.post(CASES, json=payload, headers=who.headers)
    assert response.status_code == 201, response.text
    opened: dict[str, Any] = response.json()
    return opened


def _api_case(client: TestClient[Any], who: Staff, case_id: int) -> dict[str, Any]:
    case: dict[str, Any] = client.get(f"{CASES}/{case_id}", headers=who.headers).json()
    return case


def test_the_list_filters_by_kind_and_subject_and_a_filter_is_a_link(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    complaint = _opened(client, staff["agent"], home.customer_id, subject="Mất mạng cáp quang")
    fault = _opened(client, staff["agent"], home.customer_id, kind="fault", subject="Đứt cáp")
    login_as(staff["agent"])
    everything = client.get("/cases")
    assert everything.status_code == 200
    assert complaint["number"] in everything.text and fault["number"] in everything.text
    assert 'href="/cases?at_risk=breached"' in everything.text  # a predefined filter
    filtered = client.get("/cases", params={"kind": "complaint", "q": "mat mang"})
    assert filtered.status_code == 200
    assert complaint["number"] in filtered.text and fault["number"] not in filtered.text
    bad = client.get("/cases", params={"priority": "whenever"})
    assert bad.status_code == 422 and 'id="priority-error"' in bad.text


def test_a_case_shows_its_sla_and_timeline(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    case = _opened(client, staff["agent"], home.customer_id)
    note = client.post(
        f"{CASES}/{case['id']}/notes",
        json={"text": "Đã gọi lại khách", "kind": "contact"},
        headers=staff["agent"].headers,
    )
    assert note.status_code == 201
    login_as(staff["agent"])
    page = client.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    assert 'data-target="first_response"' in page.text and 'data-target="resolution"' in page.text
    assert 'data-state="on_track"' in page.text
    assert "Case opened" in page.text and "Đã gọi lại khách" in page.text
    assert f'href="/customers/{home.customer_id}"' in page.text


def test_a_case_is_opened_from_the_customer_page_in_one_step(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    csrf = login_as(staff["agent"])
    customer_page = client.get(f"/customers/{home.customer_id}")
    assert f'href="/cases/new?customer_id={home.customer_id}"' in customer_page.text
    form = client.get("/cases/new", params={"customer_id": home.customer_id})
    assert form.status_code == 200 and 'name="subject"' in form.text
    body = {"customer_id": str(home.customer_id), "kind": "complaint", "priority": "high", "subject": "Cước sai"}
    created = client.post("/cases/new", data=body, headers=csrf, follow_redirects=False)
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    assert re.fullmatch(r"/cases/\d+", location)
    case = _api_case(client, staff["agent"], int(location.rsplit("/", 1)[1]))
    assert (case["subject"], case["priority"], case["customer_id"]) == ("Cước sai", "high", home.customer_id)

    refused = client.post("/cases/new", data={**body, "subject": " "}, headers=csrf)
    assert refused.status_code == 422 and 'id="subject-error"' in refused.text


def test_the_status_form_moves_the_case_and_a_stale_version_is_refused(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    case = _opened(client, staff["agent"], home.customer_id)
    csrf = login_as(staff["agent"])
    page = client.get(f"/cases/{case['id']}")
    codes = re.findall(r'<select id="status_code" name="status_code"[^>]*>(.*?)</select>', page.text, re.S)
    options = re.findall(r'<option value="([^"]+)"', codes[0])
    assert case["status_code"] not in options and options
    moved = client.post(
        f"/cases/{case['id']}/status",
        data={"version": str(case["version"]), "status_code": options[0], "note": "Tiếp nhận"},
        headers=csrf,
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"/cases/{case['id']}"
    after = _api_case(client, staff["agent"], case["id"])
    assert after["status_code"] == options[0] and after["version"] == case["version"] + 1

    stale = client.post(
        f"/cases/{case['id']}/resolve",
        data={"version": str(case["version"]), "resolution_code": "billing.refunded"},
        headers=csrf,
    )
    assert stale.status_code == 409
    assert "This case was changed by someone else; reload it" in stale.text
    assert _api_case(client, staff["agent"], case["id"])["version"] == after["version"]

    bad = client.post(
        f"/cases/{case['id']}/resolve",
        data={"version": str(after["version"]), "resolution_code": "Not A Code!"},
        headers=csrf,
    )
    assert bad.status_code == 422 and 'id="resolution_code-error"' in bad.text


def test_the_queue_shows_the_departments_case_and_acknowledges_it(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    ctx = container.context
    home = make_household(ctx)
    billing = create_department(ctx, SYSTEM, "Cước", "MN")
    team = create_team(ctx, SYSTEM, "Đối soát cước", billing)
    update_user(ctx, SYSTEM, staff["back_office"].id, team_id=team)
    case = _opened(client, staff["agent"], home.customer_id)
    other = _opened(client, staff["agent"], home.customer_id, subject="Không thuộc phòng")
    dispatched = client.post(
        f"{CASES}/{case['id']}/assign",
        json={"version": case["version"], "department_id": billing},
        headers=staff["agent"].headers,
    )
    assert dispatched.status_code == 200
    csrf = login_as(staff["back_office"])
    queue = client.get("/cases/queue")
    assert queue.status_code == 200
    assert case["number"] in queue.text and other["number"] not in queue.text
    version = dispatched.json()["version"]
    acknowledged = client.post(
        f"/cases/{case['id']}/status",
        data={"version": str(version), "status_code": "open", "next": "/cases/queue"},
        headers=csrf,
        follow_redirects=False,
    )
    assert acknowledged.status_code == 303 and acknowledged.headers["location"] == "/cases/queue"
    assert _api_case(client, staff["back_office"], case["id"])["category"] == "open"
    timeline = client.get(f"/cases/{case['id']}").text.split('class="timeline"')[1]
    kinds = re.findall(r'data-kind="([a-z_]+)"', timeline)
    assert kinds[:3] == ["status", "assigned", "opened"], kinds  # newest first, from the case's events
    assert "Cước" in timeline.split('data-kind="assigned"')[1].split("</li>")[0]


def test_the_at_risk_list_shows_a_breached_case(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any, clock: FakeClock
) -> None:
    home = make_household(container.context)
    case = _opened(client, staff["agent"], home.customer_id, kind="fault", priority="urgent", subject="Mất điện")
    login_as(staff["supervisor"])
    assert case["number"] not in client.get("/cases/at-risk").text
    clock.advance(hours=3, minutes=30)
    listed = client.get("/cases/at-risk")
    assert listed.status_code == 200
    assert case["number"] in listed.text and 'data-risk="breached"' in listed.text and "lvl-red" in listed.text


def test_the_desk_offers_to_open_a_case_for_a_held_contact(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    admin, agent = staff["admin"], staff["agent"]
    skills = client.put(f"/api/v1/agents/{agent.id}/skills", json={"skills": {"general": 5}}, headers=admin.headers)
    assert skills.status_code == 200
    assert client.put("/api/v1/desk/presence", json={"ready": True}, headers=agent.headers).status_code == 200
    phone = client.get(f"/api/v1/customers/{home.customer_id}", headers=admin.headers).json()["customer"]
    number = next(i["value"] for i in phone["identities"] if i["kind"] == "phone")
    routed = client.post(
        "/api/v1/contacts", json={"channel": "chat", "queue": "chat.general", "identity": number}, headers=admin.headers
    )
    assert routed.status_code == 201, routed.text
    contact_id = routed.json()["contact_id"]
    assert client.post(f"/api/v1/desk/offers/{contact_id}/accept", headers=agent.headers).status_code == 200
    login_as(agent)
    desk = client.get("/desk")
    assert f"/cases/new?customer_id={home.customer_id}&amp;interaction_id={contact_id}" in desk.text


def test_the_work_queue_lists_open_cases_soonest_due_first_and_leaves_resolved_ones_out(
    client: TestClient[Any], container: Container, staff: dict[str, Staff]
) -> None:
    ctx = container.context
    home = make_household(ctx)
    billing = create_department(ctx, SYSTEM, "Cước", "MN")
    agent = staff["agent"]
    dispatched = []
    for body in ({"subject": "Khiếu nại thường"}, {"kind": "fault", "priority": "urgent", "subject": "Mất điện"}, {}):
        case = _opened(client, agent, home.customer_id, **body)
        moved = client.post(
            f"{CASES}/{case['id']}/assign",
            json={"version": case["version"], "department_id": billing},
            headers=agent.headers,
        )
        dispatched.append(moved.json())
    done = dispatched[2]
    resolved = client.post(
        f"{CASES}/{done['id']}/resolve",
        json={"version": done["version"], "resolution_code": "billing.refunded"},
        headers=staff["back_office"].headers,
    )
    assert resolved.status_code == 200, resolved.text
    lines = work_queue(ctx, staff["back_office"].actor, billing)
    assert [line.summary.id for line in lines] == [dispatched[1]["id"], dispatched[0]["id"]]
