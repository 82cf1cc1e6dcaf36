"""Customers over HTTP: create, read (360), update with compare-and-set, identities, erasure."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import Staff, event_types, make_customer, make_household, rows

PROBLEM = "application/problem+json"


def _create(client: TestClient[Any], who: Staff, **body: Any) -> Any:
    return client.post("/api/v1/customers", json=body, headers=who.headers)


def test_create_stores_phones_in_e164_and_maps_old_11_digit_mobiles(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    response = _create(
        client,
        staff["agent"],
        name="  Lê   Thị Hồng ",
        phones=["0912 345 678", "01662345678"],  # 0166 -> 036 since 2018
        emails=["Hong.Le@Example.vn"],
        region_code="MN",
        address={"line": "5 Hai Bà Trưng", "ward_name": "Phường Bến Thành", "province_name": "TP. Hồ Chí Minh"},
    )
    assert response.status_code == 201, response.text
    customer_id = response.json()["id"]

    view = client.get(f"/api/v1/customers/{customer_id}", headers=staff["supervisor"].headers).json()
    assert view["customer"]["name"] == "Lê Thị Hồng"
    values = {(i["kind"], i["value"], i["is_primary"]) for i in view["customer"]["identities"]}
    assert values == {
        ("phone", "+84912345678", True),
        ("phone", "+84362345678", False),
        ("email", "hong.le@example.vn", True),
    }
    assert view["premises"][0]["one_line"] == "5 Hai Bà Trưng, Phường Bến Thành, TP. Hồ Chí Minh"
    assert event_types(container.engine, "customer", customer_id) == ["CustomerCreated"]


def test_bad_phone_is_a_422_problem_naming_the_field_and_nothing_is_written(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    response = _create(client, staff["agent"], name="Phạm Minh", phones=["12ab"], region_code="MN")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == 422
    assert body["errors"][0]["field"] == "phones.0"
    assert "phones.0" in body["detail"]
    assert rows(container.engine, "customers") == []


def test_every_bad_field_is_reported_at_once(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    response = _create(client, staff["agent"], name=" ", kind="alien", phones=["0912345678", "x"], emails=["no-at"])
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"name", "kind", "phones.1", "emails.0"}


def test_missing_name_is_a_400_problem_naming_it(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    response = client.post("/api/v1/customers", json={"phones": ["0912345678"]}, headers=staff["agent"].headers)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "name" in response.json()["detail"]


def test_wrong_types_are_a_400_problem_naming_the_field(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    response = client.post(
        "/api/v1/customers", json={"name": "An", "phones": "0912345678"}, headers=staff["agent"].headers
    )
    assert response.status_code == 400
    body = response.json()
    assert "phones" in body["detail"]
    assert body["errors"][0]["reason"]

    response = client.post("/api/v1/customers", json={"name": 42}, headers=staff["agent"].headers)
    assert response.status_code == 400
    assert "name" in response.json()["detail"]


def test_patch_applies_with_the_current_version_and_emits_an_event(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    customer_id = make_customer(container.context, name="Võ Văn Kiệt")
    response = client.patch(
        f"/api/v1/customers/{customer_id}",
        json={"version": 1, "name": "Võ Văn Kiệt Junior", "consent_marketing": True},
        headers=staff["agent"].headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 2
    assert response.json()["name"] == "Võ Văn Kiệt Junior"
    assert response.json()["consent_marketing"] is True
    assert event_types(container.engine, "customer", customer_id) == ["CustomerCreated", "CustomerUpdated"]
    found = client.get("/api/v1/customers", params={"q": "junior"}, headers=staff["agent"].headers).json()
    assert [c["id"] for c in found["results"]] == [customer_id]


def test_patch_with_a_stale_version_is_a_409_and_changes_nothing(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    customer_id = make_customer(container.context, name="Đỗ Mười")
    first = client.patch(
        f"/api/v1/customers/{customer_id}", json={"version": 1, "name": "Đỗ Mười A"}, headers=staff["agent"].headers
    )
    assert first.status_code == 200
    stale = client.patch(
        f"/api/v1/customers/{customer_id}", json={"version": 1, "name": "Đỗ Mười B"}, headers=staff["agent"].headers
    )
    assert stale.status_code == 409
    assert stale.json()["current"] == {"version": 2, "name": "Đỗ Mười A"}
    assert rows(container.engine, "customers", id=customer_id)[0]["name"] == "Đỗ Mười A"
    assert event_types(container.engine, "customer", customer_id).count("CustomerUpdated") == 1


def test_patch_rejects_an_unknown_segment(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    customer_id = make_customer(container.context)
    response = client.patch(
        f"/api/v1/customers/{customer_id}", json={"version": 1, "segment": "gold"}, headers=staff["agent"].headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "segment"
    assert rows(container.engine, "customers", id=customer_id)[0]["version"] == 1


def test_reading_a_missing_customer_is_a_404_problem(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    response = client.get("/api/v1/customers/999999", headers=staff["agent"].headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


def test_360_masks_national_id_for_agents_and_street_for_qa(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    agent_view = client.get(f"/api/v1/customers/{home.customer_id}", headers=staff["agent"].headers).json()
    assert agent_view["masked"] is True
    assert [s["account_number"] for s in agent_view["services"]] == ["HCM-0001"]
    assert [b["period"] for b in agent_view["bills"]] == ["2026-02", "2026-01"]
    assert agent_view["arrears_vnd"] == 180_000
    national = next(i for i in agent_view["customer"]["identities"] if i["kind"] == "national_id")
    assert national["value"].endswith("789") and "079123" not in national["value"]
    assert agent_view["premises"][0]["line"] == "12 Lê Lợi"  # agents need the street for faults and visits

    qa_view = client.get(f"/api/v1/customers/{home.customer_id}", headers=staff["qa"].headers).json()
    assert qa_view["premises"][0]["line"] == "•••"
    assert qa_view["premises"][0]["province_name"] == agent_view["premises"][0]["province_name"]
    qa_search = client.get("/api/v1/customers", params={"q": "le loi"}, headers=staff["qa"].headers).json()
    assert all("Lê Lợi" not in (c["address"] or "") for c in qa_search["results"])

    supervisor_view = client.get(f"/api/v1/customers/{home.customer_id}", headers=staff["supervisor"].headers).json()
    assert supervisor_view["masked"] is False
    national = next(i for i in supervisor_view["customer"]["identities"] if i["kind"] == "national_id")
    assert national["value"] == "079123456789"
    assert supervisor_view["premises"][0]["line"] == "12 Lê Lợi"

    services = client.get(f"/api/v1/customers/{home.customer_id}/services", headers=staff["agent"].headers).json()
    assert [s["id"] for s in services["services"]] == [home.service_id]
    bills = client.get(f"/api/v1/customers/{home.customer_id}/bills", headers=staff["agent"].headers).json()
    assert bills["arrears_vnd"] == 180_000
    assert len(bills["bills"]) == 2


def test_adding_an_identity_normalises_it_and_makes_it_findable(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    customer_id = make_customer(container.context, phones=())
    response = client.post(
        f"/api/v1/customers/{customer_id}/identities",
        json={"kind": "phone", "value": "0120 345 6789"},  # MobiFone 0120 -> 070
        headers=staff["agent"].headers,
    )
    assert response.status_code == 201, response.text
    assert response.json() == {
        "id": response.json()["id"],
        "kind": "phone",
        "value": "+84703456789",
        "is_primary": True,
    }
    duplicate = client.post(
        f"/api/v1/customers/{customer_id}/identities",
        json={"kind": "phone", "value": "0703 456 789"},
        headers=staff["agent"].headers,
    )
    assert duplicate.status_code == 422
    unknown_kind = client.post(
        f"/api/v1/customers/{customer_id}/identities",
        json={"kind": "fax", "value": "1"},
        headers=staff["agent"].headers,
    )
    assert unknown_kind.status_code == 422
    assert unknown_kind.json()["errors"][0]["field"] == "kind"
    found = client.get("/api/v1/identify", params={"phone": "0703456789"}, headers=staff["agent"].headers).json()
    assert [c["id"] for c in found["customers"]] == [customer_id]
    assert event_types(container.engine, "customer", customer_id) == ["CustomerCreated", "IdentityAdded"]


def test_erasure_removes_personal_data_from_360_and_search_but_keeps_bills(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context, name="Hoàng Văn Thụ", phone="0909123456")
    without_reason = client.post(
        f"/api/v1/customers/{home.customer_id}/erase", json={"reason": "  "}, headers=staff["admin"].headers
    )
    assert without_reason.status_code == 422
    assert without_reason.json()["errors"][0]["field"] == "reason"
    response = client.post(
        f"/api/v1/customers/{home.customer_id}/erase",
        json={"reason": "customer request 2026-03-01"},
        headers=staff["admin"].headers,
    )
    assert response.status_code == 200, response.text

    view = client.get(f"/api/v1/customers/{home.customer_id}", headers=staff["admin"].headers).json()
    assert view["customer"]["erased"] is True
    assert "Hoàng" not in view["customer"]["name"]
    assert view["customer"]["identities"] == []
    assert view["customer"]["date_of_birth"] is None
    assert view["premises"][0]["line"] == ""
    assert len(view["bills"]) == 2

    for query in ("hoang van thu", "123456"):
        found = client.get("/api/v1/customers", params={"q": query}, headers=staff["admin"].headers).json()
        assert found["results"] == [], query
    lookup = client.get("/api/v1/identify", params={"phone": "0909123456"}, headers=staff["admin"].headers).json()
    assert lookup["match"] == "new_caller"
    assert len(rows(container.engine, "bills", customer_id=home.customer_id)) == 2
    erased = [r for r in rows(container.engine, "events", aggregate_id=str(home.customer_id))][-1]
    assert erased["type"] == "CustomerErased"
    assert erased["payload"] == {"reason": "customer request 2026-03-01"}

    again = client.post(
        f"/api/v1/customers/{home.customer_id}/erase", json={"reason": "twice"}, headers=staff["admin"].headers
    )
    assert again.status_code == 409
