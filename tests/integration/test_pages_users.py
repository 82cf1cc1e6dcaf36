"""Editing users on /admin/users and the roles page, through the pages as a logged-in browser would."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from carecenter.app.commands.users import create_team
from carecenter.bootstrap import Container
from tests.factories import SYSTEM, Staff, event_types, make_staff

HTMX = {"HX-Request": "true"}


def _api_user(client: TestClient[Any], admin: Staff, user_id: int) -> dict[str, Any]:
    users = client.get("/api/v1/users", headers=admin.headers).json()["users"]
    return next(u for u in users if u["id"] == user_id)


def test_admin_makes_an_agent_a_supervisor_of_another_region_in_its_row(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    agent = make_staff(container.context, "agent", username="linh")
    team = create_team(container.context, SYSTEM, "Ca sáng", None)
    csrf = login_as(staff["admin"])

    form = client.get(f"/admin/users/{agent.id}/edit", headers=HTMX)
    assert form.status_code == 200
    assert f'hx-post="/admin/users/{agent.id}"' in form.text
    assert '<option value="supervisor"' in form.text and "Supervisor" in form.text

    saved = client.post(
        f"/admin/users/{agent.id}",
        data={
            "display_name": "Vũ Thị Linh",
            "role": "supervisor",
            "region_code": "MB",
            "team_id": str(team),
        },
        headers={**csrf, **HTMX},
    )
    assert saved.status_code == 200, saved.text
    assert "Saved." in saved.text and "Vũ Thị Linh" in saved.text

    shown = _api_user(client, staff["admin"], agent.id)
    assert (shown["role"], shown["region_code"], shown["all_regions"]) == ("supervisor", "MB", False)
    assert (shown["display_name"], shown["team_id"]) == ("Vũ Thị Linh", team)
    assert event_types(container.engine, "user", agent.id).count("UserUpdated") == 1

    widened = client.post(
        f"/admin/users/{agent.id}",
        data={"role": "supervisor", "region_code": "MB", "all_regions": "1"},
        headers={**csrf, **HTMX},
    )
    assert widened.status_code == 200
    assert _api_user(client, staff["admin"], agent.id)["all_regions"] is True


def test_a_refused_edit_shows_the_problem_next_to_the_field_and_changes_nothing(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    agent = make_staff(container.context, "agent", username="minh")
    csrf = login_as(staff["admin"])
    refused = client.post(
        f"/admin/users/{agent.id}",
        data={"role": "boss", "region_code": "MN", "display_name": "x" * 201},
        headers={**csrf, **HTMX},
    )
    assert refused.status_code == 422
    assert 'id="display_name-error"' in refused.text and 'aria-invalid="true"' in refused.text
    assert _api_user(client, staff["admin"], agent.id)["role"] == "agent"
    assert "UserUpdated" not in event_types(container.engine, "user", agent.id)


def test_without_javascript_the_edit_is_a_page_and_the_save_redirects(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    agent = make_staff(container.context, "agent", username="nam")
    csrf = login_as(staff["admin"])
    page = client.get(f"/admin/users/{agent.id}/edit")
    assert page.status_code == 200 and "<h1>" in page.text and 'name="role"' in page.text
    saved = client.post(
        f"/admin/users/{agent.id}",
        data={"_csrf": csrf["x-csrf-token"], "role": "qa", "region_code": ""},
        follow_redirects=False,
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"/admin/users#user-{agent.id}"
    assert _api_user(client, staff["admin"], agent.id)["role"] == "qa"


def test_the_admins_own_row_has_no_role_select(client: TestClient[Any], staff: dict[str, Staff], login_as: Any) -> None:
    login_as(staff["admin"])
    own = client.get(f"/admin/users/{staff['admin'].id}/edit", headers=HTMX)
    assert own.status_code == 200 and 'name="role"' not in own.text and 'name="display_name"' in own.text


def test_those_without_users_admin_cannot_open_or_save_the_edit_row(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    target = staff["qa"]
    csrf = login_as(staff["agent"])
    assert client.get(f"/admin/users/{target.id}/edit", headers=HTMX).status_code == 403
    assert client.post(f"/admin/users/{target.id}", data={"role": "admin"}, headers=csrf).status_code == 403
    assert client.get("/admin/roles").status_code == 403

    csrf = login_as(staff["supervisor"])  # users.read: sees the list and the roles, changes nothing
    listing = client.get("/admin/users")
    assert listing.status_code == 200 and "/edit" not in listing.text
    assert client.post(f"/admin/users/{target.id}", data={"role": "admin"}, headers=csrf).status_code == 403
    assert "UserUpdated" not in event_types(container.engine, "user", target.id)


def test_the_roles_page_shows_every_permission_of_every_role(
    client: TestClient[Any], staff: dict[str, Staff], login_as: Any
) -> None:
    login_as(staff["supervisor"])
    page = client.get("/admin/roles")
    assert page.status_code == 200
    assert "erase a customer&#39;s personal data on request" in page.text
    assert "Back office sees only its own region" in page.text
    rows = page.text.split('<th scope="row" class="nowrap">')[1:]
    erase_row = next(r for r in rows if "customers.erase" in r.split("</tr>")[0])
    assert erase_row.split("</tr>")[0].count("✓") == 1  # the administrator only
    read_row = next(r for r in rows if "<code>customers.read</code>" in r.split("</tr>")[0])
    assert read_row.split("</tr>")[0].count("✓") == 6


def test_the_roles_page_speaks_vietnamese(
    client: TestClient[Any], container: Container, staff: dict[str, Staff], login_as: Any
) -> None:
    csrf = login_as(staff["manager"])
    assert client.post("/me/locale", data={"locale": "vi", "next": "/admin/roles"}, headers=csrf).status_code < 400
    page = client.get("/admin/roles")
    assert "Vai trò và quyền hạn" in page.text and "Quản trị viên" in page.text
    assert "xóa dữ liệu cá nhân của khách hàng theo yêu cầu" in page.text
