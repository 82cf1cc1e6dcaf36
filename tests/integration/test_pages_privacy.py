"""The privacy section of the customer 360: consents and erasure on request, through the pages."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import Staff, event_types, make_household, rows

HTMX = {"HX-Request": "true"}


def _customer(client: TestClient[Any], admin: Staff, customer_id: int) -> dict[str, Any]:
    answer = client.get(f"/api/v1/customers/{customer_id}", headers=admin.headers)
    assert answer.status_code == 200
    customer: dict[str, Any] = answer.json()["customer"]
    return customer


def test_an_agent_records_marketing_consent_and_the_section_shows_it(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    csrf = login_as(staff["agent"])
    page = client.get(f"/customers/{home.customer_id}")
    assert page.status_code == 200 and 'id="privacy"' in page.text
    assert "Erase personal data" not in page.text  # agents lack customers.erase
    version = _customer(client, staff["admin"], home.customer_id)["version"]

    answer = client.post(
        f"/customers/{home.customer_id}/consent",
        data={"version": str(version), "consent_marketing": "1"},
        headers={**csrf, **HTMX},
    )
    assert answer.status_code == 200, answer.text
    assert "Consent saved." in answer.text and 'name="consent_marketing" value="0"' in answer.text
    after = _customer(client, staff["admin"], home.customer_id)
    assert after["consent_marketing"] is True and after["consent_data_processing"] is True
    assert event_types(container.engine, "customer", home.customer_id).count("CustomerUpdated") == 1
    screens = [a["screen"] for a in rows(container.engine, "read_audit", customer_id=home.customer_id)]
    assert f"POST /customers/{home.customer_id}/consent" in screens  # the re-rendered section is a read


def test_a_stale_version_is_refused_with_a_reload_message_and_changes_nothing(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    csrf = login_as(staff["agent"])
    version = _customer(client, staff["admin"], home.customer_id)["version"]
    answer = client.post(
        f"/customers/{home.customer_id}/consent",
        data={"version": str(version - 1), "consent_data_processing": "0"},
        headers={**csrf, **HTMX},
    )
    assert answer.status_code == 409
    assert "Someone else changed this customer meanwhile; reload the page" in answer.text
    after = _customer(client, staff["admin"], home.customer_id)
    assert after["consent_data_processing"] is True and after["version"] == version
    assert "CustomerUpdated" not in event_types(container.engine, "customer", home.customer_id)


def test_admin_erases_on_request_and_the_360_still_opens_anonymised(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    csrf = login_as(staff["admin"])
    assert "Erase personal data on request (Decree 13/2023)" in client.get(f"/customers/{home.customer_id}").text

    refused = client.post(f"/customers/{home.customer_id}/erase", data={"reason": "  "}, headers={**csrf, **HTMX})
    assert refused.status_code == 422 and 'id="reason-error"' in refused.text
    assert "CustomerErased" not in event_types(container.engine, "customer", home.customer_id)

    erased = client.post(
        f"/customers/{home.customer_id}/erase",
        data={"reason": "Yêu cầu bằng văn bản ngày 12/3"},
        headers={**csrf, **HTMX},
    )
    assert erased.status_code == 200 and erased.headers["hx-redirect"] == f"/customers/{home.customer_id}"

    shown = _customer(client, staff["admin"], home.customer_id)
    assert shown["identities"] == [] and shown["erased"] is True
    assert "Trần Thị Bích" not in str(shown)
    page = client.get(f"/customers/{home.customer_id}")
    assert page.status_code == 200
    assert f"(erased #{home.customer_id})" in page.text and ">erased</span>" in page.text
    assert "Trần Thị Bích" not in page.text and "0987" not in page.text
    assert "Personal data erased on" in page.text and 'name="reason"' not in page.text

    again = client.post(f"/customers/{home.customer_id}/erase", data={"reason": "twice"}, headers={**csrf, **HTMX})
    assert again.status_code == 409
    assert event_types(container.engine, "customer", home.customer_id).count("CustomerErased") == 1


def test_a_plain_form_erasure_redirects_to_the_360(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    csrf = login_as(staff["admin"])
    answer = client.post(
        f"/customers/{home.customer_id}/erase",
        data={"_csrf": csrf["x-csrf-token"], "reason": "customer's request"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/customers/{home.customer_id}"


def test_only_admins_erase_and_only_writers_change_consent(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    home = make_household(container.context)
    for role in ("agent", "supervisor", "manager"):
        csrf = login_as(staff[role])
        refused = client.post(f"/customers/{home.customer_id}/erase", data={"reason": "asked"}, headers=csrf)
        assert refused.status_code == 403, role
    csrf = login_as(staff["qa"])
    answer = client.post(
        f"/customers/{home.customer_id}/consent", data={"version": "1", "consent_marketing": "1"}, headers=csrf
    )
    assert answer.status_code == 403
    assert not {"CustomerErased", "CustomerUpdated"} & set(event_types(container.engine, "customer", home.customer_id))
    assert _customer(client, staff["admin"], home.customer_id)["erased"] is False
