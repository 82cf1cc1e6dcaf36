"""No read of personal data goes unaudited: checked for every route flagged `reads_customer`, generated
from the route table, plus a guard that routes showing a customer carry the flag."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import insert

from carecenter.adapters.db import tables
from carecenter.app.commands import acd_contacts, acd_desk
from carecenter.bootstrap import Container
from tests.factories import SYSTEM, Staff, make_customer, make_household, rows
from tests.rbac_doc import Route, bare_app, role_allowed, route_table

ROUTES = route_table(bare_app())
READING = [r for r in ROUTES if r.reads_customer and r.method == "GET"]
PARAM = re.compile(r"\{(\w+):[^}]+\}")

# How a reading route that finds customers by a query is asked for the household's customer.
FINDERS = {"q": "tran thi bich", "phone": "0987654321"}


def _query_for(route: Route) -> dict[str, str]:
    fn = route.handler.fn
    while hasattr(fn, "func"):  # unwrap sync_to_thread's AsyncCallable
        fn = fn.func
    accepted = inspect.signature(fn).parameters
    return next(({name: value} for name, value in FINDERS.items() if name in accepted), {})


def _twin(container: Container, reader: Staff) -> dict[str, int]:
    """A second record of the household's customer, so the duplicates list shows the pair."""
    make_customer(container.context, name="Trần Thị Bích", phones=("0987654321",), region_code="MN")
    return {}


def _offered_call(container: Container, reader: Staff) -> dict[str, int]:
    """The household's customer calls and the call rings the reader (the screen pop's situation)."""
    ctx = container.context
    with container.engine.begin() as connection:
        connection.execute(insert(tables.agent_skills).values(user_id=reader.id, skill_code="general", level=5))
    acd_desk.set_presence(ctx, reader.actor, True)
    routed = acd_contacts.route_contact(ctx, SYSTEM, "voice", identity="0987654321")
    assert routed.agent_id == reader.id
    return {"contact_id": routed.contact_id}


# Extra data a reading route needs before it shows the household's customer, and the path parameters it
# yields. A new reading route whose test fails for want of data gets an entry here.
SETUP: dict[str, Callable[[Container, Staff], dict[str, int]]] = {
    "/api/v1/duplicates": _twin,
    "/duplicates": _twin,
    "/desk/pop/{contact_id:int}": _offered_call,
}


def test_routes_that_show_a_customer_are_flagged() -> None:
    unflagged = [
        str(r)
        for r in ROUTES
        if r.method == "GET" and "{customer_id" in r.path and not r.reads_customer and r.permission != "public"
    ]
    assert unflagged == [], "these show a customer but write no read audit (rule(..., reads_customer=True)):\n" + (
        "\n".join(unflagged)
    )
    assert len(READING) >= 6


@pytest.mark.parametrize("route", READING, ids=str)
def test_a_successful_read_is_audited_with_user_customer_and_screen(
    route: Route, client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    reader = next(
        staff[role]
        for role in ("agent", "supervisor", "admin")
        if role_allowed(staff[role].user.role, route.permission)
    )
    params = {"customer_id": home.customer_id, **SETUP.get(route.path, lambda c, who: {})(container, reader)}
    url = PARAM.sub(lambda m: str(params.get(m.group(1), 1)), route.path)
    before = len(rows(container.engine, "read_audit"))
    response = client.get(url, params=_query_for(route), headers=reader.headers)
    assert response.status_code == 200, response.text
    audit = rows(container.engine, "read_audit")[before:]
    assert any(
        a["user_id"] == reader.id and a["customer_id"] == home.customer_id and a["screen"].split()[-1] == url
        for a in audit
    ), f"no read-audit entry for {reader.user.username} reading customer {home.customer_id} on GET {url}: {audit}"


def test_the_audit_is_shown_to_admins_and_managers_only(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    home = make_household(container.context)
    client.get(f"/api/v1/customers/{home.customer_id}", headers=staff["agent"].headers)
    client.get("/api/v1/customers", params={"q": "bich"}, headers=staff["qa"].headers)

    for role in ("admin", "manager"):
        response = client.get(
            "/api/v1/audit/reads", params={"customer_id": home.customer_id}, headers=staff[role].headers
        )
        assert response.status_code == 200
        entries = response.json()["reads"]
        assert {(e["username"], e["screen"]) for e in entries} == {
            ("agent_t", f"GET /api/v1/customers/{home.customer_id}"),
            ("qa_t", "GET /api/v1/customers"),
        }
        assert all(e["customer_id"] == home.customer_id for e in entries)
    by_user = client.get(
        "/api/v1/audit/reads", params={"user_id": staff["qa"].id}, headers=staff["admin"].headers
    ).json()["reads"]
    assert [e["username"] for e in by_user] == ["qa_t"]
    for role in ("agent", "supervisor", "back_office", "qa"):
        assert client.get("/api/v1/audit/reads", headers=staff[role].headers).status_code == 403, role


def test_a_refused_read_is_not_recorded_as_a_read(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    north = make_household(container.context, region_code="MB")
    response = client.get(f"/api/v1/customers/{north.customer_id}", headers=staff["back_office"].headers)
    assert response.status_code == 403
    assert rows(container.engine, "read_audit") == []
