"""Interactions over HTTP: recording and closing contacts with reason codes; the customer timeline."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import FakeClock, Staff, add_contact, event_types, make_customer, rows


def _record(client: TestClient[Any], who: Staff, **body: Any) -> Any:
    return client.post("/api/v1/interactions", json=body, headers=who.headers)


def test_record_a_closed_call_with_a_reason(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    customer_id = make_customer(container.context)
    response = _record(
        client,
        staff["agent"],
        customer_id=customer_id,
        channel="voice",
        reason_code="billing.dispute",
        notes="Bill for February looks doubled",
        outcome="resolved",
    )
    assert response.status_code == 201, response.text
    interaction_id = response.json()["id"]
    stored = rows(container.engine, "interactions", id=interaction_id)[0]
    assert (stored["agent_id"], stored["status"], stored["reason_code"]) == (
        staff["agent"].id,
        "closed",
        "billing.dispute",
    )
    assert event_types(container.engine, "interaction", interaction_id) == ["InteractionRecorded"]


def test_unknown_reason_codes_and_bad_enums_are_422(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    customer_id = make_customer(container.context)
    unknown = _record(client, staff["agent"], customer_id=customer_id, channel="voice", reason_code="billing.nope")
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "reason_code"
    bad = _record(client, staff["agent"], customer_id=customer_id, channel="pigeon", direction="sideways")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"channel", "direction"}
    backwards = _record(
        client,
        staff["agent"],
        channel="voice",
        started_at="2026-03-02T03:00:00Z",
        ended_at="2026-03-02T02:00:00Z",
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "ended_at"
    assert rows(container.engine, "interactions") == []
    assert _record(client, staff["agent"], customer_id=987654, channel="voice").status_code == 404


def test_close_an_open_contact(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    customer_id = make_customer(container.context)
    opened = _record(client, staff["agent"], customer_id=customer_id, channel="chat", status="open")
    interaction_id = opened.json()["id"]
    clock.advance(minutes=7)

    unknown = client.post(
        f"/api/v1/interactions/{interaction_id}/close", json={"reason_code": "x.y"}, headers=staff["agent"].headers
    )
    assert unknown.status_code == 422
    assert rows(container.engine, "interactions", id=interaction_id)[0]["status"] == "open"

    closed = client.post(
        f"/api/v1/interactions/{interaction_id}/close",
        json={"reason_code": "fault.slow", "outcome": "ticket"},
        headers=staff["agent"].headers,
    )
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert (body["status"], body["reason_code"], body["outcome"]) == ("closed", "fault.slow", "ticket")
    assert body["ended_at"] == clock.now().isoformat()
    assert event_types(container.engine, "interaction", interaction_id) == [
        "InteractionRecorded",
        "InteractionClosed",
    ]
    twice = client.post(f"/api/v1/interactions/{interaction_id}/close", json={}, headers=staff["agent"].headers)
    assert twice.status_code == 422
    missing = client.post("/api/v1/interactions/999999/close", json={}, headers=staff["agent"].headers)
    assert missing.status_code == 404


def test_timeline_puts_open_items_first_then_newest(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    ctx = container.context
    customer_id = make_customer(ctx)
    old_open = add_contact(ctx, customer_id, status="open")
    clock.advance(days=1)
    older_closed = add_contact(ctx, customer_id)
    clock.advance(days=1)
    newest_closed = add_contact(ctx, customer_id)
    clock.advance(hours=1)
    new_open = add_contact(ctx, customer_id, status="open")

    response = client.get(f"/api/v1/customers/{customer_id}/interactions", headers=staff["agent"].headers)
    assert response.status_code == 200
    assert [i["id"] for i in response.json()["interactions"]] == [new_open, old_open, newest_closed, older_closed]
    view = client.get(f"/api/v1/customers/{customer_id}", headers=staff["agent"].headers).json()
    assert [i["id"] for i in view["open_items"]] == [new_open, old_open]


def test_contact_reasons_form_a_tree(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    reasons = client.get("/api/v1/contact-reasons", headers=staff["qa"].headers).json()["reasons"]
    by_code = {r["code"]: r for r in reasons}
    assert by_code["billing.dispute"]["parent_code"] == "billing"
    assert by_code["billing"]["parent_code"] is None
    assert by_code["fault.outage"]["label_vi"]
