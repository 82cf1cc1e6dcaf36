"""Configuring the ACD over HTTP: skills, calendars, queues, agents' skills, not-ready reasons — validated,
evented, and followed at once by the running router."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import Staff, rows

CONFIG_EVENTS = {"SkillSaved", "CalendarSaved", "QueueSaved", "QueueDeleted", "AgentSkillsSet", "NotReadyReasonSaved"}
BILLING_HOURS = {"mon-fri": "07:30-21:00", "sat": "08:00-12:00, 13:30-17:00", "sun": "closed"}


def _config_events(container: Container) -> list[tuple[str, str]]:
    """(type, aggregate id) of the configuration events logged so far, oldest first."""
    return [(r["type"], r["aggregate_id"]) for r in rows(container.engine, "events") if r["type"] in CONFIG_EVENTS]


def _put(client: TestClient[Any], who: Staff, path: str, body: dict[str, Any]) -> Any:
    return client.put(path, json=body, headers=who.headers)


def _contact(client: TestClient[Any], who: Staff, channel: str, queue: str) -> dict[str, Any]:
    routed = client.post("/api/v1/contacts", json={"channel": channel, "queue": queue}, headers=who.headers)
    assert routed.status_code == 201, routed.text
    result: dict[str, Any] = routed.json()
    return result


def _configure_billing(client: TestClient[Any], admin: Staff) -> None:
    assert _put(client, admin, "/api/v1/skills/billing", {"name": "Billing"}).status_code == 200
    calendar = {"name": "Billing desk", "hours": BILLING_HOURS, "holidays": ["2026-09-02", "2026-01-01"]}
    assert _put(client, admin, "/api/v1/calendars/billing-hours", calendar).status_code == 200


def test_admin_configures_a_queue_and_reads_it_back(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    admin = staff["admin"]
    _configure_billing(client, admin)
    queue = {
        "name": "Billing (voice)",
        "media": "voice",
        "skill": "billing",
        "relax": [[0, 5], [30, 3], [60, 1]],
        "policy": "least_loaded",
        "offer_timeout_s": 15,
        "wrap_up_s": 45,
        "overflow_to": "voice.general",
        "overflow_after_s": 120,
        "priority_boost": {"vip": 20, "sme": 5},
        "sl_threshold_s": 30,
        "sl_target": 0.9,
        "calendar_code": "billing-hours",
    }
    saved = _put(client, admin, "/api/v1/queues/voice.billing", queue)
    assert saved.status_code == 200, saved.text

    agent = staff["agent"].headers  # agents read the configuration (transfers, presence)
    read = client.get("/api/v1/queues/voice.billing", headers=agent).json()
    assert read == {**queue, "code": "voice.billing", "emergency": False}
    listed = [q["code"] for q in client.get("/api/v1/queues", headers=agent).json()["queues"]]
    assert listed == ["chat.general", "email.general", "voice.billing", "voice.general"]
    assert client.get("/api/v1/skills/billing", headers=agent).json() == {"code": "billing", "name": "Billing"}
    assert [s["code"] for s in client.get("/api/v1/skills", headers=agent).json()["skills"]] == ["billing", "general"]
    calendar = client.get("/api/v1/calendars/billing-hours", headers=agent).json()
    assert calendar["hours"] == BILLING_HOURS
    assert calendar["holidays"] == ["2026-01-01", "2026-09-02"]  # sorted
    assert calendar["timezone"] == "Asia/Ho_Chi_Minh"
    assert "billing-hours" in [c["code"] for c in client.get("/api/v1/calendars", headers=agent).json()["calendars"]]

    assert _config_events(container) == [
        ("SkillSaved", "billing"),
        ("CalendarSaved", "billing-hours"),
        ("QueueSaved", "voice.billing"),
    ]
    assert rows(container.engine, "events", type="QueueSaved")[0]["actor_id"] == admin.id


def test_the_router_follows_queue_and_calendar_changes_at_once(
    client: TestClient[Any], staff: dict[str, Staff]
) -> None:
    admin = staff["admin"]
    _configure_billing(client, admin)
    queue = {"media": "voice", "skill": "billing", "calendar_code": "billing-hours"}
    assert _put(client, admin, "/api/v1/queues/voice.billing", queue).status_code == 200
    assert _contact(client, admin, "voice", "voice.billing")["outcome"] == "queued"  # Monday 10:00 local

    closed = {"name": "Billing desk", "hours": {"mon-sun": "closed"}}
    assert _put(client, admin, "/api/v1/calendars/billing-hours", closed).status_code == 200
    assert _contact(client, admin, "voice", "voice.billing")["outcome"] == "refused_closed"


def test_a_configuration_save_keeps_the_supervisors_emergency_switch(
    client: TestClient[Any], staff: dict[str, Staff]
) -> None:
    admin, supervisor = staff["admin"], staff["supervisor"]
    switched = _put(client, supervisor, "/api/v1/queues/chat.general/emergency", {"on": True})
    assert switched.status_code == 204, switched.text
    resaved = _put(client, admin, "/api/v1/queues/chat.general", {"media": "chat", "skill": "general"})
    assert resaved.status_code == 200, resaved.text
    assert resaved.json()["emergency"] is True
    assert _contact(client, admin, "chat", "chat.general")["outcome"] == "refused_emergency"


BAD_INPUTS = [
    pytest.param(
        "/api/v1/queues/voice.x", {"media": "voice", "skill": "general", "relax": [[10, 5]]}, "relax", id="relax-start"
    ),
    pytest.param(
        "/api/v1/queues/voice.x",
        {"media": "voice", "skill": "general", "relax": [[0, 3], [30, 5]]},
        "relax",
        id="relax-rising",
    ),
    pytest.param(
        "/api/v1/queues/voice.x", {"media": "voice", "skill": "general", "relax": [[0]]}, "relax", id="relax-shape"
    ),
    pytest.param(
        "/api/v1/queues/voice.x", {"media": "voice", "skill": "general", "relax": []}, "relax", id="relax-empty"
    ),
    pytest.param("/api/v1/queues/voice.x", {"media": "voice", "skill": "cooking"}, "skill", id="unknown-skill"),
    pytest.param("/api/v1/queues/voice.x", {"media": "fax", "skill": "general"}, "media", id="media"),
    pytest.param(
        "/api/v1/queues/voice.x", {"media": "voice", "skill": "general", "policy": "random"}, "policy", id="policy"
    ),
    pytest.param(
        "/api/v1/queues/voice.x",
        {"media": "voice", "skill": "general", "overflow_to": "nowhere", "overflow_after_s": 60},
        "overflow_to",
        id="unknown-overflow",
    ),
    pytest.param(
        "/api/v1/queues/voice.x",
        {"media": "voice", "skill": "general", "overflow_to": "chat.general", "overflow_after_s": 60},
        "overflow_to",
        id="overflow-other-media",
    ),
    pytest.param(
        "/api/v1/queues/voice.x",
        {"media": "voice", "skill": "general", "overflow_to": "voice.general"},
        "overflow_after_s",
        id="overflow-without-time",
    ),
    pytest.param(
        "/api/v1/queues/voice.x",
        {"media": "voice", "skill": "general", "calendar_code": "nope"},
        "calendar_code",
        id="calendar",
    ),
    pytest.param(
        "/api/v1/queues/voice.x",
        {"media": "voice", "skill": "general", "priority_boost": {"gold": 5}},
        "priority_boost.gold",
        id="boost",
    ),
    pytest.param(
        "/api/v1/queues/voice.x",
        {"media": "voice", "skill": "general", "offer_timeout_s": 0},
        "offer_timeout_s",
        id="timeout",
    ),
    pytest.param(
        "/api/v1/queues/voice.x", {"media": "voice", "skill": "general", "sl_target": 1.5}, "sl_target", id="sl-target"
    ),
    pytest.param("/api/v1/queues/Voice X", {"media": "voice", "skill": "general"}, "code", id="queue-code"),
    pytest.param(
        "/api/v1/calendars/office", {"name": "Office", "hours": {"mon-fri": "9-17"}}, "hours.mon-fri", id="hours"
    ),
    pytest.param(
        "/api/v1/calendars/office", {"name": "Office", "hours": {"weekdays": "09:00-17:00"}}, "hours.weekdays", id="day"
    ),
    pytest.param(
        "/api/v1/calendars/office",
        {"name": "Office", "hours": {}, "holidays": ["2026-02-30"]},
        "holidays[0]",
        id="holiday",
    ),
    pytest.param(
        "/api/v1/calendars/office",
        {"name": "Office", "hours": {}, "timezone": "Mars/Olympus"},
        "timezone",
        id="timezone",
    ),
    pytest.param("/api/v1/skills/billing", {"name": " "}, "name", id="skill-name"),
    pytest.param(
        "/api/v1/not-ready-reasons/Lunch!", {"label_en": "Lunch", "label_vi": "Ăn trưa"}, "code", id="reason-code"
    ),
]


@pytest.mark.parametrize(("path", "body", "field"), BAD_INPUTS)
def test_bad_configuration_is_a_422_naming_the_field_and_writes_nothing(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, path: str, body: dict[str, Any], field: str
) -> None:
    answer = _put(client, staff["admin"], path, body)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in answer.json()["errors"]]
    assert len(rows(container.engine, "queues")) == 3
    assert [c["code"] for c in rows(container.engine, "calendars")] == ["24x7", "office"]  # as seeded
    assert _config_events(container) == []


def test_agents_read_the_configuration_but_may_not_change_it(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    agent = staff["agent"]
    assert client.get("/api/v1/queues", headers=agent.headers).status_code == 200
    assert _put(client, agent, "/api/v1/skills/billing", {"name": "Billing"}).status_code == 403
    assert (
        _put(client, agent, "/api/v1/queues/voice.general", {"media": "voice", "skill": "general"}).status_code == 403
    )
    assert client.delete("/api/v1/queues/voice.general", headers=agent.headers).status_code == 403
    assert _put(client, agent, f"/api/v1/agents/{agent.id}/skills", {"skills": {"general": 10}}).status_code == 403
    assert client.get(f"/api/v1/agents/{agent.id}/skills", headers=agent.headers).status_code == 403
    assert client.get("/api/v1/agent-skills", headers=staff["supervisor"].headers).status_code == 200


def test_a_queue_is_deleted_only_when_nothing_uses_it(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    admin = staff["admin"]
    for code in ("chat.billing", "chat.overflow"):
        assert _put(client, admin, f"/api/v1/queues/{code}", {"media": "chat", "skill": "general"}).status_code == 200
    contact = _contact(client, admin, "chat", "chat.billing")
    in_use = client.delete("/api/v1/queues/chat.billing", headers=admin.headers)
    assert in_use.status_code == 409, in_use.text
    assert "holds 1 contact" in in_use.json()["detail"]

    feeder = {"media": "chat", "skill": "general", "overflow_to": "chat.overflow", "overflow_after_s": 60}
    assert _put(client, admin, "/api/v1/queues/chat.billing", feeder).status_code == 200
    assert client.delete("/api/v1/queues/chat.overflow", headers=admin.headers).status_code == 409
    assert client.delete("/api/v1/queues/chat.general", headers=admin.headers).status_code == 409  # the default
    assert client.delete("/api/v1/queues/chat.nowhere", headers=admin.headers).status_code == 404

    abandoned = client.post(f"/api/v1/contacts/{contact['contact_id']}/abandon", headers=admin.headers)
    assert abandoned.status_code == 204, abandoned.text
    assert client.delete("/api/v1/queues/chat.billing", headers=admin.headers).status_code == 204
    assert client.delete("/api/v1/queues/chat.overflow", headers=admin.headers).status_code == 204
    assert client.get("/api/v1/queues/chat.billing", headers=admin.headers).status_code == 404
    assert [r["aggregate_id"] for r in rows(container.engine, "events", type="QueueDeleted")] == [
        "chat.billing",
        "chat.overflow",
    ]


def test_agent_skills_and_capacity_route_a_logged_in_agent_at_once(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    admin, agent = staff["admin"], staff["agent"]
    _configure_billing(client, admin)
    body = {"skills": {"general": 7, "billing": 3}, "capacity": {"voice": 1, "chat": 4, "email": 0}}
    saved = _put(client, admin, f"/api/v1/agents/{agent.id}/skills", body)
    assert saved.status_code == 200, saved.text
    assert saved.json()["skills"] == {"billing": 3, "general": 7}
    assert saved.json()["capacity"] == {"voice": 1, "chat": 4, "email": 0}
    listed = {a["username"]: a for a in client.get("/api/v1/agent-skills", headers=admin.headers).json()["agents"]}
    assert listed[agent.user.username]["skills"] == {"billing": 3, "general": 7}
    assert listed["supervisor_t"]["capacity"] == {"voice": 1, "chat": 3, "email": 2}  # the default
    assert "admin_t" not in listed

    login = client.put("/api/v1/desk/presence", json={"ready": True}, headers=agent.headers)
    assert login.status_code == 200, login.text
    assert client.get("/api/v1/desk", headers=agent.headers).json()["skills"] == {"general": 7, "billing": 3}

    changed = _put(client, admin, f"/api/v1/agents/{agent.id}/skills", {"skills": {"billing": 9}})
    assert changed.status_code == 200, changed.text
    desk = client.get("/api/v1/desk", headers=agent.headers).json()
    assert (desk["presence"], desk["skills"]) == ("ready", {"billing": 9})
    assert [r["payload"]["skills"] for r in rows(container.engine, "events", type="AgentSkillsSet")] == [
        {"billing": 3, "general": 7},
        {"billing": 9},
    ]


def test_agent_skills_are_checked(client: TestClient[Any], staff: dict[str, Staff], container: Container) -> None:
    admin, agent = staff["admin"], staff["agent"]
    bad = {"skills": {"general": 11, "cooking": 2}, "capacity": {"voice": 1, "chat": 11, "email": -1}}
    answer = _put(client, admin, f"/api/v1/agents/{agent.id}/skills", bad)
    assert answer.status_code == 422, answer.text
    assert sorted(e["field"] for e in answer.json()["errors"]) == [
        "capacity.chat",
        "capacity.email",
        "skills.cooking",
        "skills.general",
    ]
    back_office = _put(client, admin, f"/api/v1/agents/{staff['back_office'].id}/skills", {"skills": {}})
    assert back_office.status_code == 422
    assert [e["field"] for e in back_office.json()["errors"]] == ["user_id"]
    assert _put(client, admin, "/api/v1/agents/987654/skills", {"skills": {}}).status_code == 404
    assert rows(container.engine, "agent_skills") == []


def test_not_ready_reasons_are_added_and_retired(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    admin, agent = staff["admin"], staff["agent"]
    training = {"label_en": "Training", "label_vi": "Đào tạo"}
    saved = _put(client, admin, "/api/v1/not-ready-reasons/training", training)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {"code": "training", **training, "active": True}

    def offered() -> list[str]:
        return [r["code"] for r in client.get("/api/v1/not-ready-reasons", headers=agent.headers).json()["reasons"]]

    assert "training" in offered()
    assert _put(client, admin, "/api/v1/not-ready-reasons/training", {**training, "active": False}).status_code == 200
    assert "training" not in offered()
    refused = client.put("/api/v1/desk/presence", json={"ready": False, "reason": "training"}, headers=agent.headers)
    assert refused.status_code == 422
