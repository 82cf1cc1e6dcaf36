"""The access matrix, generated from the route table: every route has a rule, and every role gets exactly
the routes its permissions allow — proved over HTTP on both databases, and written to docs/rbac.md."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import get
from litestar.testing import TestClient

from carecenter.app.commands.cases import open_case
from carecenter.bootstrap import Container, web_app
from carecenter.domain.access.permissions import PERMISSIONS, Role
from carecenter.web.access import AUTHENTICATED, PUBLIC
from tests.factories import SYSTEM, Staff, add_contact, make_customer, make_household, make_staff
from tests.rbac_doc import DOC, Route, bare_app, markdown, role_allowed, route_table

APP = bare_app()
ROUTES = route_table(APP)
PARAM = re.compile(r"\{(\w+):[^}]+\}")


def test_the_route_table_is_not_empty_and_sees_through_sync_handlers() -> None:
    paths = {str(r) for r in ROUTES}
    assert {"GET /api/v1/customers", "POST /api/v1/customers", "GET /healthz"} <= paths


def test_every_route_declares_a_known_permission() -> None:
    allowed = set(PERMISSIONS) | {PUBLIC, AUTHENTICATED}
    offenders = [f"{r} -> {r.permission!r}" for r in ROUTES if r.permission not in allowed]
    assert offenders == [], "routes without a valid opt['permission'] (use web.access.rule):\n" + "\n".join(offenders)


def test_docs_rbac_md_is_current() -> None:
    assert DOC.exists() and DOC.read_text(encoding="utf-8") == markdown(APP), (
        "docs/rbac.md is out of date: run `PYTHONPATH=src python -m tests.rbac_doc` and commit it"
    )


def test_a_route_without_a_rule_is_caught_and_refused(container: Container, staff: dict[str, Staff]) -> None:
    @get("/api/v1/forgotten", sync_to_thread=True)
    def forgotten() -> dict[str, str]:
        return {"secret": "data"}

    app = web_app(container)
    app.register(forgotten)
    ours = [r for r in route_table(app) if r.path == "/api/v1/forgotten"]
    assert [r.permission for r in ours] == [None]  # so test_every_route_declares_a_known_permission fails
    with TestClient(app=app) as client:
        assert client.get("/api/v1/forgotten", headers=staff["admin"].headers).status_code == 403


@pytest.fixture
def world(container: Container, staff: dict[str, Staff]) -> dict[str, int]:
    """Existing ids for every path parameter the API has (customer in region MN, like `back_office`)."""
    ctx = container.context
    home = make_household(ctx, region_code="MN")
    target = make_staff(ctx, Role.AGENT, username="target_user")
    with ctx.uow() as uow:
        token_id = uow.auth.tokens_of(target.id)[0].id
    case = open_case(ctx, SYSTEM, "complaint", home.customer_id, "Cước tính sai")
    return {
        "case_id": case.id or 0,
        "customer_id": home.customer_id,
        "service_id": home.service_id,
        "interaction_id": add_contact(ctx, home.customer_id, agent_id=staff["agent"].id, status="open"),
        "user_id": target.id,
        "token_id": token_id,
        "bill_id": home.bill_ids[0],
    }


def _url(route: Route, world: dict[str, int]) -> str:
    """The route's path with every parameter filled by an existing id (unknown names get 1)."""
    return PARAM.sub(lambda m: str(world.get(m.group(1), 1)), route.path)


def _call(client: TestClient[Any], route: Route, url: str, headers: dict[str, str]) -> Any:
    if route.method in ("GET", "HEAD", "DELETE"):
        return client.request(route.method, url, headers=headers)
    return client.request(route.method, url, headers=headers, json={})


def test_every_role_gets_exactly_what_its_permissions_allow(
    client: TestClient[Any], staff: dict[str, Staff], world: dict[str, int]
) -> None:
    mismatches = []
    checked = 0
    for route in ROUTES:
        if route.permission in (PUBLIC, None):
            continue
        url = _url(route, world)
        for role in Role:
            status = _call(client, route, url, staff[role.value].headers).status_code
            allowed = role_allowed(role, route.permission)
            checked += 1
            if allowed and (status in (401, 403) or status >= 500):
                mismatches.append(f"{role.value:<12} {route} -> {status}, but {route.permission} is granted")
            if not allowed and status != 403:
                mismatches.append(f"{role.value:<12} {route} -> {status}, expected 403 (lacks {route.permission})")
    assert checked > 100
    assert mismatches == [], "\n".join(mismatches)


def test_every_non_public_route_needs_a_login(client: TestClient[Any], world: dict[str, int]) -> None:
    wrong = []
    for route in ROUTES:
        if route.permission == PUBLIC:
            continue
        for headers in ({}, {"Authorization": "Bearer cc_not-a-real-token"}):
            status = _call(client, route, _url(route, world), headers).status_code
            if status != 401:
                wrong.append(f"{route} {headers or 'anonymous'} -> {status}")
    assert wrong == [], "\n".join(wrong)


def test_public_routes_answer_without_a_login(client: TestClient[Any]) -> None:
    for route in ROUTES:
        if route.permission == PUBLIC and route.method == "GET" and not route.params:
            assert client.get(route.path).status_code == 200, route


def _view(client: TestClient[Any], who: Staff, customer_id: int) -> int:
    return int(client.get(f"/api/v1/customers/{customer_id}", headers=who.headers).status_code)


def test_back_office_sees_only_their_region_unless_a_contact_is_assigned_to_them(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    south = make_customer(ctx, name="Nam Bộ", region_code="MN")
    north = make_customer(ctx, name="Bắc Bộ", phones=("0904000111",), region_code="MB")
    back_office = staff["back_office"]  # region MN
    assert _view(client, back_office, south) == 200
    assert _view(client, back_office, north) == 403
    for sub in ("services", "bills", "interactions"):
        response = client.get(f"/api/v1/customers/{north}/{sub}", headers=back_office.headers)
        assert response.status_code == 403, sub

    contact = add_contact(ctx, north, agent_id=back_office.id, status="open")
    assert _view(client, back_office, north) == 200
    closed = client.post(f"/api/v1/interactions/{contact}/close", json={}, headers=back_office.headers)
    assert closed.status_code == 200
    assert _view(client, back_office, north) == 403  # only while the contact is open

    add_contact(ctx, north, agent_id=staff["agent"].id, status="open")  # someone else's contact
    assert _view(client, back_office, north) == 403

    everywhere = make_staff(ctx, Role.BACK_OFFICE, username="bo_all", all_regions=True)
    assert _view(client, everywhere, north) == 200
    for role in ("agent", "supervisor", "qa", "manager", "admin"):
        assert _view(client, staff[role], north) == 200, role
