"""Service actions over HTTP: suspend, restore, change package — versioned, logged, evented, notified."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import FakeClock, Household, Staff, add_service, event_types, make_household, rows


def _act(client: TestClient[Any], who: Staff, service_id: int, **body: Any) -> Any:
    return client.post(f"/api/v1/services/{service_id}/actions", json=body, headers=who.headers)


def test_suspend_then_restore_logs_changes_events_and_notices(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    home: Household = make_household(container.context)
    suspended = _act(client, staff["agent"], home.service_id, action="suspend", version=1, reason="travelling")
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["status"] == "suspended"
    assert suspended.json()["version"] == 2

    clock.advance(minutes=5)
    restored = _act(client, staff["agent"], home.service_id, action="restore", version=2)
    assert restored.json()["status"] == "active"
    assert restored.json()["version"] == 3

    changes = client.get(f"/api/v1/services/{home.service_id}/changes", headers=staff["agent"].headers).json()
    assert [(c["action"], c["from"], c["to"]) for c in changes["changes"]] == [
        ("restore", "suspended", "active"),
        ("suspend", "active", "suspended"),
    ]  # newest first
    logged = rows(container.engine, "service_changes", service_account_id=home.service_id)
    assert [(r["action"], r["reason"], r["actor_id"]) for r in logged] == [
        ("suspend", "travelling", staff["agent"].id),
        ("restore", "", staff["agent"].id),
    ]
    assert event_types(container.engine, "service", home.service_id) == ["ServiceSuspended", "ServiceRestored"]
    notices = rows(container.engine, "outbox", customer_id=home.customer_id)
    assert [(n["channel"], n["recipient"], n["template"], n["status"]) for n in notices] == [
        ("sms", "+84987654321", "service.suspend", "queued"),
        ("sms", "+84987654321", "service.restore", "queued"),
    ]
    assert notices[0]["payload"]["account"] == "HCM-0001"


def test_a_stale_version_is_a_409_and_nothing_is_written(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    assert _act(client, staff["agent"], home.service_id, action="suspend", version=1).status_code == 200
    stale = _act(client, staff["supervisor"], home.service_id, action="restore", version=1)
    assert stale.status_code == 409
    assert rows(container.engine, "service_accounts", id=home.service_id)[0]["status"] == "suspended"
    assert len(rows(container.engine, "service_changes")) == 1
    assert len(rows(container.engine, "outbox")) == 1
    assert event_types(container.engine, "service") == ["ServiceSuspended"]


def test_changing_the_package(client: TestClient[Any], staff: dict[str, Staff], container: Container) -> None:
    home = make_household(container.context)
    changed = _act(client, staff["agent"], home.service_id, action="change_package", version=1, product_code="FIBER300")
    assert changed.status_code == 200, changed.text
    assert changed.json()["product_code"] == "FIBER300"
    assert rows(container.engine, "service_changes")[0]["from_value"] == "FIBER100"
    assert event_types(container.engine, "service", home.service_id) == ["ServicePackageChanged"]
    assert rows(container.engine, "outbox")[0]["template"] == "service.change_package"


def test_invalid_service_actions_are_422_problems(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    cases = [
        ({"action": "explode", "version": 1}, "action"),
        ({"action": "change_package", "version": 1}, "product_code"),
        ({"action": "change_package", "version": 1, "product_code": "NOPE"}, "product_code"),
        ({"action": "change_package", "version": 1, "product_code": "MOBILE_MAX"}, "product_code"),  # wrong kind
    ]
    for body, field in cases:
        response = _act(client, staff["agent"], home.service_id, **body)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field
    assert rows(container.engine, "service_changes") == []


def test_impossible_transitions_are_conflicts(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    assert _act(client, staff["agent"], home.service_id, action="restore", version=1).status_code == 409
    same = _act(client, staff["agent"], home.service_id, action="change_package", version=1, product_code="FIBER100")
    assert same.status_code == 409
    terminated = add_service(container.context, home.customer_id, "HCM-0002", status="terminated")
    assert _act(client, staff["agent"], terminated, action="suspend", version=1).status_code == 409


def test_unknown_service_is_404(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    assert _act(client, staff["agent"], 424242, action="suspend", version=1).status_code == 404
    assert client.get("/api/v1/services/424242/changes", headers=staff["agent"].headers).status_code == 404


def test_back_office_may_only_act_on_their_region(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    north = make_household(container.context, region_code="MB", account_number="HN-1")
    assert _act(client, staff["back_office"], north.service_id, action="suspend", version=1).status_code == 403
    assert _act(client, staff["back_office_mb"], north.service_id, action="suspend", version=1).status_code == 200


def test_catalogue_lists_products(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    products = client.get("/api/v1/products", headers=staff["agent"].headers).json()["products"]
    assert {p["code"] for p in products} >= {"FIBER100", "FIBER300", "MOBILE_BASIC"}
    promotions = client.get("/api/v1/promotions", headers=staff["agent"].headers)
    assert promotions.status_code == 200
    assert promotions.json() == {"promotions": []}
