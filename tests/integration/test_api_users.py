"""Administration over HTTP: users, teams, departments, the caller's own profile and API tokens."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import Staff, event_types, rows


def test_admin_creates_and_changes_users(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    admin = staff["admin"].headers
    department = client.post("/api/v1/departments", json={"name": "Back office MN", "region_code": "MN"}, headers=admin)
    assert department.status_code == 201, department.text
    team = client.post(
        "/api/v1/teams", json={"name": "Billing MN", "department_id": department.json()["id"]}, headers=admin
    )
    assert team.status_code == 201, team.text
    created = client.post(
        "/api/v1/users",
        json={
            "username": "lan.nguyen",
            "password": "a long enough password",
            "role": "back_office",
            "region_code": "MN",
            "team_id": team.json()["id"],
            "locale": "vi",
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]

    listed = {u["username"]: u for u in client.get("/api/v1/users", headers=admin).json()["users"]}
    assert listed["lan.nguyen"]["role"] == "back_office"
    assert listed["lan.nguyen"]["team_id"] == team.json()["id"]
    assert "password_hash" not in listed["lan.nguyen"]
    teams = client.get("/api/v1/teams", headers=staff["supervisor"].headers).json()["teams"]
    assert [t["name"] for t in teams] == ["Billing MN"]
    departments = client.get("/api/v1/departments", headers=staff["qa"].headers).json()["departments"]
    assert departments == [{"id": department.json()["id"], "name": "Back office MN", "region_code": "MN"}]

    changed = client.patch(
        f"/api/v1/users/{user_id}", json={"role": "supervisor", "display_name": "Lan"}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["role"], changed.json()["display_name"]) == ("supervisor", "Lan")
    assert event_types(container.engine, "user", user_id) == ["UserCreated", "UserUpdated"]
    assert event_types(container.engine, "team") == ["TeamCreated"]
    assert event_types(container.engine, "department") == ["DepartmentCreated"]


def test_user_input_problems(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    admin = staff["admin"].headers
    bad = client.post(
        "/api/v1/users",
        json={"username": "no spaces!", "password": "short", "role": "wizard", "locale": "fr"},
        headers=admin,
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"username", "password", "role", "locale"}
    regionless = client.post(
        "/api/v1/users", json={"username": "bo2", "password": "long enough pw", "role": "back_office"}, headers=admin
    )
    assert regionless.status_code == 422
    assert regionless.json()["errors"][0]["field"] == "region_code"
    taken = client.post(
        "/api/v1/users", json={"username": "agent_t", "password": "long enough pw", "role": "agent"}, headers=admin
    )
    assert taken.status_code == 409
    assert client.post("/api/v1/teams", json={"name": "  "}, headers=admin).status_code == 422
    assert client.patch("/api/v1/users/99999", json={"role": "qa"}, headers=admin).status_code == 404
    wrong_role = client.patch(f"/api/v1/users/{staff['qa'].id}", json={"role": "boss"}, headers=admin)
    assert wrong_role.status_code == 422
    # Moving someone to the back office without a region would leave them seeing nobody's customers.
    to_back_office = client.patch(f"/api/v1/users/{staff['qa'].id}", json={"role": "back_office"}, headers=admin)
    assert to_back_office.status_code == 422
    assert to_back_office.json()["errors"][0]["field"] == "region_code"
    assert client.get("/api/v1/me", headers=staff["qa"].headers).json()["role"] == "qa"


def test_deactivating_a_user_locks_out_their_tokens(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    agent = staff["agent"]
    assert client.get("/api/v1/me", headers=agent.headers).status_code == 200
    response = client.patch(f"/api/v1/users/{agent.id}", json={"active": False}, headers=staff["admin"].headers)
    assert response.status_code == 200
    assert client.get("/api/v1/me", headers=agent.headers).status_code == 401


def test_me_shows_the_caller_and_their_permissions(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    me = client.get("/api/v1/me", headers=staff["back_office"].headers).json()
    assert (me["username"], me["role"], me["region_code"]) == ("back_office_t", "back_office", "MN")
    assert "customers.read_sensitive" in me["permissions"]
    assert "customers.write" not in me["permissions"]

    assert client.post("/api/v1/me/locale", json={"locale": "vi"}, headers=staff["qa"].headers).status_code == 200
    assert client.get("/api/v1/me", headers=staff["qa"].headers).json()["locale"] == "vi"
    assert client.post("/api/v1/me/locale", json={"locale": "xx"}, headers=staff["qa"].headers).status_code == 422
    assert event_types(container.engine, "user", staff["qa"].id).count("UserLocaleChanged") == 1


def test_a_cookie_session_works_like_a_token_and_writes_need_csrf(
    client: TestClient[Any], staff: dict[str, Staff], login_as: Any
) -> None:
    csrf = login_as(staff["supervisor"])
    assert client.get("/api/v1/me").json()["username"] == "supervisor_t"
    assert client.post("/api/v1/me/tokens", json={"name": "x"}).status_code == 403
    assert client.post("/api/v1/me/tokens", json={"name": "x"}, headers=csrf).status_code == 201


def test_api_tokens_create_use_revoke(client: TestClient[Any], staff: dict[str, Staff], container: Container) -> None:
    qa = staff["qa"]
    created = client.post("/api/v1/me/tokens", json={"name": "reporting script"}, headers=qa.headers)
    assert created.status_code == 201, created.text
    token = created.json()["token"]
    new_headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=new_headers).json()["username"] == qa.user.username

    listed = client.get("/api/v1/me/tokens", headers=new_headers).json()["tokens"]
    mine = next(t for t in listed if t["id"] == created.json()["id"])
    assert mine["name"] == "reporting script"
    assert mine["last_used_at"] is not None
    assert "token" not in mine
    stored = rows(container.engine, "api_tokens", id=created.json()["id"])[0]
    assert token not in stored["token_hash"]

    other = client.delete(f"/api/v1/me/tokens/{created.json()['id']}", headers=staff["agent"].headers)
    assert other.status_code == 404  # not theirs
    revoked = client.delete(f"/api/v1/me/tokens/{created.json()['id']}", headers=qa.headers)
    assert revoked.status_code == 204
    after = client.get("/api/v1/me", headers=new_headers)
    assert after.status_code == 401
    assert after.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/v1/me", headers=qa.headers).status_code == 200  # the other token still works
    assert event_types(container.engine, "user", qa.id) == [
        "UserCreated",
        "ApiTokenCreated",
        "ApiTokenCreated",
        "ApiTokenRevoked",
    ]

    nameless = client.post("/api/v1/me/tokens", json={"name": " "}, headers=qa.headers)
    assert nameless.status_code == 422


def test_an_admin_may_revoke_anyones_token(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    tokens = client.get("/api/v1/me/tokens", headers=staff["agent"].headers).json()["tokens"]
    response = client.delete(f"/api/v1/me/tokens/{tokens[0]['id']}", headers=staff["admin"].headers)
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=staff["agent"].headers).status_code == 401


def test_garbage_tokens_are_401(client: TestClient[Any]) -> None:
    for header in ("Bearer nope", "Bearer ", "bearer cc_" + "x" * 500, "Basic abc"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header
