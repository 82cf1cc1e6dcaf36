"""Administering contact-reason codes and teams' capacities over HTTP and on the routing admin page:
validated, evented, retired reasons kept for history only, and the router following capacity changes."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from carecenter.app.commands.users import create_team, set_locale, update_user
from carecenter.app.context import actor_of
from carecenter.bootstrap import Container
from tests.factories import SYSTEM, Staff, make_customer, rows

REFUND = {"label_en": "Refund", "label_vi": "Hoàn tiền"}


def _put(client: TestClient[Any], who: Staff, path: str, body: dict[str, Any]) -> Any:
    return client.put(path, json=body, headers=who.headers)


def _offered_codes(client: TestClient[Any], who: Staff, **params: Any) -> dict[str, bool]:
    listed = client.get("/api/v1/contact-reasons", params=params, headers=who.headers)
    assert listed.status_code == 200, listed.text
    return {r["code"]: r["active"] for r in listed.json()["reasons"]}


def _chat(client: TestClient[Any], admin: Staff, identity: str | None = None) -> dict[str, Any]:
    body = {"channel": "chat", "queue": "chat.general", **({"identity": identity} if identity else {})}
    routed = client.post("/api/v1/contacts", json=body, headers=admin.headers)
    assert routed.status_code == 201, routed.text
    return dict(routed.json())


def _desk(client: TestClient[Any], who: Staff) -> dict[str, Any]:
    return dict(client.get("/api/v1/desk", headers=who.headers).json())


def _ready_with_skills(client: TestClient[Any], admin: Staff, agent: Staff, capacity: dict[str, int] | None) -> None:
    """General skill for `agent` (with `capacity` as their own, or none of their own), then ready."""
    body: dict[str, Any] = {"skills": {"general": 5}, **({"capacity": capacity} if capacity else {})}
    assert _put(client, admin, f"/api/v1/agents/{agent.id}/skills", body).status_code == 200
    ready = client.put("/api/v1/desk/presence", json={"ready": True}, headers=agent.headers)
    assert ready.status_code == 200, ready.text


def _accept_offer(client: TestClient[Any], agent: Staff, contact_id: int) -> None:
    assert _desk(client, agent)["offer"]["contact_id"] == contact_id
    accepted = client.post(f"/api/v1/desk/offers/{contact_id}/accept", headers=agent.headers)
    assert accepted.status_code == 200, accepted.text


def test_a_contact_reason_is_added_edited_and_retired_but_still_labels_history(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, login_as: Any
) -> None:
    admin, agent = staff["admin"], staff["agent"]
    saved = _put(client, admin, "/api/v1/contact-reasons/billing.refund", REFUND)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"code": "billing.refund", "parent_code": "billing", **REFUND, "active": True}
    assert _offered_codes(client, agent)["billing.refund"] is True

    renamed_labels = {**REFUND, "label_en": "Refund request"}
    renamed = _put(client, admin, "/api/v1/contact-reasons/billing.refund", renamed_labels)
    assert renamed.status_code == 200 and renamed.json()["label_en"] == "Refund request"

    # A contact is wrapped up with it while it is offered ...
    customer_id = make_customer(container.context, phones=["0912345678"])
    _ready_with_skills(client, admin, agent, None)
    contact_id = _chat(client, admin, "0912345678")["contact_id"]
    _accept_offer(client, agent, contact_id)
    assert client.post(f"/api/v1/desk/contacts/{contact_id}/end", headers=agent.headers).status_code == 200
    login_as(agent)
    assert 'value="billing.refund"' in client.get("/desk").text  # the desk's wrap-up list offers it
    wrapped = client.post(
        f"/api/v1/desk/contacts/{contact_id}/wrap-up", json={"reason_code": "billing.refund"}, headers=agent.headers
    )
    assert wrapped.status_code == 200, wrapped.text

    # ... then retired: no longer offered or accepted, still listed on request and still labelling history.
    retired = _put(client, admin, "/api/v1/contact-reasons/billing.refund", {**renamed_labels, "active": False})
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert "billing.refund" not in _offered_codes(client, agent)
    assert _offered_codes(client, agent, include_retired="true")["billing.refund"] is False
    page = client.get(f"/customers/{customer_id}")
    assert page.status_code == 200
    assert "Refund request" in page.text  # the timeline's label for the past contact
    assert 'value="billing.refund"' not in page.text  # not in the log-a-contact form

    next_id = _chat(client, admin)["contact_id"]
    _accept_offer(client, agent, next_id)
    assert client.post(f"/api/v1/desk/contacts/{next_id}/end", headers=agent.headers).status_code == 200
    desk_page = client.get("/desk").text
    assert 'value="billing.refund"' not in desk_page and 'value="billing.inquiry"' in desk_page
    for code in ("billing.refund", "no.such"):
        refused = client.post(
            f"/api/v1/desk/contacts/{next_id}/wrap-up", json={"reason_code": code}, headers=agent.headers
        )
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == ["reason_code"]
    assert rows(container.engine, "interactions", id=next_id)[0]["reason_code"] is None

    events = rows(container.engine, "events", type="ContactReasonSaved")
    assert [(e["aggregate_id"], e["payload"]["created"], e["payload"]["active"]) for e in events] == [
        ("billing.refund", True, True),
        ("billing.refund", False, True),
        ("billing.refund", False, False),
    ]
    assert {e["actor_id"] for e in events} == {admin.id}


BAD_REASONS = [
    pytest.param("Billing Refund", REFUND, "code", id="code-characters"),
    pytest.param("x" * 65, REFUND, "code", id="code-length"),
    pytest.param("nothing.here", REFUND, "code", id="unknown-parent"),
    pytest.param("billing.refund", {**REFUND, "label_en": "  "}, "label_en", id="label-en-blank"),
    pytest.param("billing.refund", {**REFUND, "label_vi": "ồ" * 201}, "label_vi", id="label-vi-length"),
]


@pytest.mark.parametrize(("code", "body", "field"), BAD_REASONS)
def test_a_bad_contact_reason_is_a_422_naming_the_field_and_writes_nothing(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, code: str, body: dict[str, Any], field: str
) -> None:
    before = len(rows(container.engine, "contact_reasons"))
    answer = _put(client, staff["admin"], f"/api/v1/contact-reasons/{code}", body)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert len(rows(container.engine, "contact_reasons")) == before
    assert rows(container.engine, "events", type="ContactReasonSaved") == []


def test_only_administrators_change_contact_reasons(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    for role in ("agent", "supervisor", "manager"):
        assert _put(client, staff[role], "/api/v1/contact-reasons/billing.refund", REFUND).status_code == 403


def test_an_agent_without_a_capacity_of_their_own_gets_their_teams(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    admin, agent = staff["admin"], staff["agent"]
    team = create_team(container.context, SYSTEM, "Chat mornings", None)
    update_user(container.context, SYSTEM, agent.id, team_id=team)
    assert client.get(f"/api/v1/teams/{team}/capacity", headers=admin.headers).json()["capacity"] is None
    one_chat = {"voice": 0, "chat": 1, "email": 0}
    saved = _put(client, admin, f"/api/v1/teams/{team}/capacity", one_chat)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"team_id": team, "name": "Chat mornings", "capacity": one_chat}

    _ready_with_skills(client, admin, agent, None)
    shown = client.get(f"/api/v1/agents/{agent.id}/skills", headers=admin.headers).json()
    assert (shown["capacity"], shown["own_capacity"]) == (one_chat, False)
    first = _chat(client, admin)
    assert (first["outcome"], first["agent_id"]) == ("offered", agent.id)
    _accept_offer(client, agent, first["contact_id"])
    second = _chat(client, admin)
    assert second["outcome"] == "queued"  # one chat at a time
    assert _desk(client, agent)["offer"] is None

    # The router follows a change at once: a second chat slot rings the waiting chat.
    assert _put(client, admin, f"/api/v1/teams/{team}/capacity", {**one_chat, "chat": 2}).status_code == 200
    assert _desk(client, agent)["offer"]["contact_id"] == second["contact_id"]
    payloads = [r["payload"]["capacity"] for r in rows(container.engine, "events", type="TeamCapacitySet")]
    assert payloads == [one_chat, {**one_chat, "chat": 2}]
    assert rows(container.engine, "agent_profiles") == []


def test_an_agents_own_capacity_wins_over_the_teams(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    admin, agent = staff["admin"], staff["agent"]
    team = create_team(container.context, SYSTEM, "Chat evenings", None)
    update_user(container.context, SYSTEM, agent.id, team_id=team)
    assert _put(client, admin, f"/api/v1/teams/{team}/capacity", {"voice": 0, "chat": 1, "email": 0}).status_code == 200
    _ready_with_skills(client, admin, agent, {"voice": 0, "chat": 2, "email": 0})

    first, second = _chat(client, admin), None
    _accept_offer(client, agent, first["contact_id"])
    second = _chat(client, admin)
    assert (second["outcome"], second["agent_id"]) == ("offered", agent.id)
    listed = {a["user_id"]: a for a in client.get("/api/v1/agent-skills", headers=admin.headers).json()["agents"]}
    assert (listed[agent.id]["capacity"]["chat"], listed[agent.id]["own_capacity"]) == (2, True)

    # Without their own capacity they fall back to the team's, and without the team's to the default.
    assert _put(client, admin, f"/api/v1/agents/{agent.id}/skills", {"skills": {"general": 5}}).status_code == 200
    assert client.get(f"/api/v1/agents/{agent.id}/skills", headers=admin.headers).json()["capacity"]["chat"] == 1
    assert client.delete(f"/api/v1/teams/{team}/capacity", headers=admin.headers).status_code == 204
    assert client.get(f"/api/v1/agents/{agent.id}/skills", headers=admin.headers).json()["capacity"] == {
        "voice": 1,
        "chat": 3,
        "email": 2,
    }
    assert [r["payload"]["capacity"] for r in rows(container.engine, "events", type="TeamCapacitySet")][-1] is None


def test_a_team_capacity_is_checked_like_an_agents(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    admin = staff["admin"]
    team = create_team(container.context, SYSTEM, "Email desk", None)
    bad = _put(client, admin, f"/api/v1/teams/{team}/capacity", {"voice": 1, "chat": 11, "email": -1})
    assert bad.status_code == 422, bad.text
    assert sorted(e["field"] for e in bad.json()["errors"]) == ["capacity.chat", "capacity.email"]
    assert _put(client, admin, "/api/v1/teams/987654/capacity", {"chat": 1}).status_code == 404
    assert client.get("/api/v1/teams/987654/capacity", headers=admin.headers).status_code == 404
    assert _put(client, staff["supervisor"], f"/api/v1/teams/{team}/capacity", {"chat": 1}).status_code == 403
    assert client.get(f"/api/v1/teams/{team}/capacity", headers=staff["supervisor"].headers).status_code == 200
    assert rows(container.engine, "team_capacity") == []
    assert rows(container.engine, "events", type="TeamCapacitySet") == []


def test_the_routing_page_administers_contact_reasons_and_team_capacity(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, login_as: Any
) -> None:
    admin = staff["admin"]
    team = create_team(container.context, SYSTEM, "Ca sáng", None)
    csrf = login_as(admin)
    page = client.get("/admin/acd")
    assert page.status_code == 200
    assert "Contact reasons" in page.text and "Team capacity" in page.text
    assert 'data-contact-reason="billing.inquiry"' in page.text and "Ca sáng" in page.text

    added = client.post(
        "/admin/acd/contact-reasons",
        data={"code": "billing.refund", "label_en": "Refund", "label_vi": "Hoàn tiền", "active": "1"},
        headers=csrf,
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    retired = client.post(  # the box unticked: not posted at all
        "/admin/acd/contact-reasons",
        data={"code": "billing.refund", "label_en": "Refund", "label_vi": "Hoàn tiền"},
        headers=csrf,
        follow_redirects=False,
    )
    assert retired.status_code == 303
    assert rows(container.engine, "contact_reasons", code="billing.refund")[0]["active"] is False
    editing = client.get("/admin/acd", params={"contact_reason": "billing.refund"})
    assert 'value="Hoàn tiền"' in editing.text and "Retired" in editing.text

    refused = client.post(
        "/admin/acd/contact-reasons", data={"code": "Bad Code", "label_en": "", "label_vi": "x"}, headers=csrf
    )
    assert refused.status_code == 422
    assert 'id="code-error"' in refused.text and 'id="label_en-error"' in refused.text

    team_page = client.get(f"/admin/acd/teams/{team}")
    assert team_page.status_code == 200 and 'id="tm-own"' in team_page.text
    agent_page = client.get(f"/admin/acd/agents/{staff['agent'].id}")  # the same capacity fields
    assert agent_page.status_code == 200 and 'id="ag-own"' in agent_page.text and 'id="ag-chat"' in agent_page.text
    saved = client.post(
        f"/admin/acd/teams/{team}",
        data={"own": "1", "voice": "1", "chat": "2", "email": "2"},
        headers=csrf,
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    assert rows(container.engine, "team_capacity")[0]["chat_capacity"] == 2
    too_many = client.post(
        f"/admin/acd/teams/{team}", data={"own": "1", "voice": "1", "chat": "12", "email": "2"}, headers=csrf
    )
    assert too_many.status_code == 422 and "capacity.chat" in too_many.text

    set_locale(container.context, actor_of(admin.user), "vi")
    assert "Lý do liên hệ" in client.get("/admin/acd").text
