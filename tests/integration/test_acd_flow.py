"""The ACD over HTTP on SQLite and PostgreSQL: a contact arrives, rings the right agent, is taken,
ended and wrapped up; offers time out; bad steps are refused with nothing written; a restarted process
picks up where the last one stopped.
"""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient
from sqlalchemy import insert, update

from carecenter.adapters.db import tables
from carecenter.bootstrap import Container, build
from tests.factories import FakeClock, Staff, event_types, make_customer, make_staff, rows


def give_skills(container: Container, who: Staff, **levels: int) -> None:
    with container.engine.begin() as connection:
        connection.execute(
            insert(tables.agent_skills), [{"user_id": who.id, "skill_code": s, "level": v} for s, v in levels.items()]
        )


def ready(client: TestClient[Any], who: Staff) -> dict[str, Any]:
    response = client.put("/api/v1/desk/presence", json={"ready": True}, headers=who.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def call_in(client: TestClient[Any], channel_user: Staff, identity: str = "0912345678", **extra: Any) -> Any:
    return client.post(
        "/api/v1/contacts", json={"channel": "voice", "identity": identity, **extra}, headers=channel_user.headers
    )


def desk(client: TestClient[Any], who: Staff) -> dict[str, Any]:
    return dict(client.get("/api/v1/desk", headers=who.headers).json())


def test_a_call_rings_the_best_agent_who_takes_ends_and_wraps_it_up(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    ctx = container.context
    novice, expert = staff["agent"], make_staff(ctx, "agent", username="expert")
    give_skills(container, novice, general=2)
    give_skills(container, expert, general=8)
    customer_id = make_customer(ctx, phones=["0912345678"])
    ready(client, novice)
    clock.advance(seconds=30)
    ready(client, expert)

    created = call_in(client, staff["admin"])
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["outcome"], body["agent_id"], body["customer_id"]) == ("offered", expert.id, customer_id)
    contact_id = body["contact_id"]
    offer = desk(client, expert)["offer"]
    assert (offer["contact_id"], offer["identity"], offer["customer_id"]) == (contact_id, "0912345678", customer_id)
    assert desk(client, novice)["offer"] is None

    clock.advance(seconds=4)
    assert client.post(f"/api/v1/desk/offers/{contact_id}/accept", headers=expert.headers).status_code == 200
    clock.advance(seconds=120)
    assert client.post(f"/api/v1/desk/contacts/{contact_id}/end", headers=expert.headers).status_code == 200
    assert desk(client, expert)["contacts"][0]["stage"] == "wrap_up"
    bad = client.post(
        f"/api/v1/desk/contacts/{contact_id}/wrap-up", json={"reason_code": "no.such"}, headers=expert.headers
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason_code"
    done = client.post(
        f"/api/v1/desk/contacts/{contact_id}/wrap-up",
        json={"reason_code": "billing.inquiry", "notes": "explained the bill"},
        headers=expert.headers,
    )
    assert done.status_code == 200, done.text
    assert done.json()["contacts"] == []

    stored = rows(container.engine, "interactions", id=contact_id)[0]
    assert (stored["status"], stored["agent_id"], stored["reason_code"], stored["outcome"]) == (
        "closed",
        expert.id,
        "billing.inquiry",
        "handled",
    )
    assert event_types(container.engine, "contact", contact_id) == [
        "ContactArrived",
        "ContactQueued",
        "ContactOffered",
        "OfferAccepted",
        "ContactEnded",
        "ContactWrapped",
    ]
    assert rows(container.engine, "routing_contacts") == []


def test_an_unanswered_offer_makes_the_agent_not_ready_and_rings_the_next(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    first, second = staff["agent"], make_staff(container.context, "agent", username="second")
    give_skills(container, first, general=5)
    give_skills(container, second, general=5)
    ready(client, first)
    clock.advance(seconds=1)
    ready(client, second)
    contact_id = call_in(client, staff["admin"]).json()["contact_id"]
    assert desk(client, first)["offer"]["contact_id"] == contact_id
    assert desk(client, first)["offer"]["rings_for_s"] == 20
    clock.advance(seconds=6)
    assert desk(client, first)["offer"]["rings_for_s"] == 14
    page = client.get("/desk", headers=first.headers)  # (API token: pages accept it too)
    assert page.status_code == 200, page.text
    assert 'data-countdown="14"' in page.text and "General (voice)" in page.text

    clock.advance(seconds=15)  # the default offer timeout is 20 s
    assert container.context.acd is not None
    container.context.acd.tick()

    assert (desk(client, first)["presence"], desk(client, first)["reason"]) == ("not_ready", "missed")
    assert desk(client, second)["offer"]["contact_id"] == contact_id
    assert rows(container.engine, "agent_state", user_id=first.id)[0]["offer_contact_id"] is None
    assert rows(container.engine, "agent_state", user_id=second.id)[0]["offer_contact_id"] == contact_id
    assert event_types(container.engine, "agent", first.id)[-1] == "AgentPresenceChanged"


def test_bad_steps_are_refused_and_write_nothing(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    agent, other = staff["agent"], make_staff(container.context, "agent", username="other")
    give_skills(container, agent, general=5)
    ready(client, agent)
    before = rows(container.engine, "interactions")

    unknown_queue = call_in(client, staff["admin"], queue="nowhere")
    assert unknown_queue.status_code == 422 and unknown_queue.json()["errors"][0]["field"] == "queue"
    bad_channel = client.post("/api/v1/contacts", json={"channel": "pigeon"}, headers=staff["admin"].headers)
    assert bad_channel.status_code == 422 and bad_channel.json()["errors"][0]["field"] == "channel"
    assert rows(container.engine, "interactions") == before
    assert call_in(client, staff["agent"]).status_code == 403  # agents do not inject contacts

    contact_id = call_in(client, staff["admin"]).json()["contact_id"]
    stolen = client.post(f"/api/v1/desk/offers/{contact_id}/accept", headers=other.headers)
    assert stolen.status_code in (404, 409), stolen.text
    not_ready = client.put("/api/v1/desk/presence", json={"ready": False, "reason": "nap"}, headers=agent.headers)
    assert not_ready.status_code == 422 and not_ready.json()["errors"][0]["field"] == "reason"
    assert desk(client, agent)["offer"]["contact_id"] == contact_id  # still ringing, untouched
    assert client.post(f"/api/v1/desk/contacts/{contact_id}/end", headers=agent.headers).status_code == 409


def test_vip_callers_go_first_and_the_emergency_switch_turns_new_calls_away(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    agent = staff["agent"]
    give_skills(container, agent, general=5)
    vip_customer = make_customer(container.context, name="Trần Thị Bình", phones=["0987000111"])
    with container.engine.begin() as connection:
        connection.execute(update(tables.customers).where(tables.customers.c.id == vip_customer).values(segment="vip"))
    first = call_in(client, staff["admin"], identity="0900000001").json()["contact_id"]
    clock.advance(seconds=5)
    vip = call_in(client, staff["admin"], identity="0987000111").json()["contact_id"]
    ready(client, agent)
    assert desk(client, agent)["offer"]["contact_id"] == vip
    assert rows(container.engine, "routing_contacts", interaction_id=first)[0]["stage"] == "waiting"

    switch = client.put(
        "/api/v1/queues/voice.general/emergency", json={"on": True}, headers=staff["supervisor"].headers
    )
    assert switch.status_code == 204, switch.text
    turned_away = call_in(client, staff["admin"], identity="0900000002").json()
    assert turned_away["outcome"] == "refused_emergency"
    assert rows(container.engine, "interactions", id=turned_away["contact_id"])[0]["outcome"] == "refused_emergency"
    assert (
        client.put("/api/v1/queues/voice.general/emergency", json={"on": False}, headers=agent.headers).status_code
        == 403
    )


def test_a_restarted_process_rebuilds_routing_from_the_database(
    client: TestClient[Any], staff: dict[str, Staff], container: Container, clock: FakeClock
) -> None:
    talking, idle = staff["agent"], make_staff(container.context, "agent", username="idle")
    give_skills(container, talking, general=5)
    give_skills(container, idle, general=5)
    ready(client, talking)
    connected = call_in(client, staff["admin"]).json()["contact_id"]
    client.post(f"/api/v1/desk/offers/{connected}/accept", headers=talking.headers)
    waiting = call_in(client, staff["admin"], identity="0900000003").json()["contact_id"]
    ready(client, idle)
    ringing = idle_offer = desk(client, idle)["offer"]["contact_id"]
    assert ringing == waiting
    queued = call_in(client, staff["admin"], identity="0900000004").json()["contact_id"]

    clock.advance(seconds=3)
    restarted = build(container.settings, clock=clock, migrate=False, fast_hashing=True, routing=True)
    try:
        acd = restarted.context.acd
        assert acd is not None
        assert acd.contact(connected).agent == talking.id  # type: ignore[union-attr]
        assert acd.contact(connected).stage.name == "CONNECTED"  # type: ignore[union-attr]
        # The offer ringing on the idle agent's screen keeps ringing there, its timeout counted from before.
        assert acd.agent(idle.id).offer == idle_offer  # type: ignore[union-attr]
        assert acd.contact(queued).stage.name == "WAITING"  # type: ignore[union-attr]
        assert event_types(container.engine, "contact", waiting).count("ContactOffered") == 1
        clock.advance(seconds=18)  # 3 + 18 > the 20 s offer timeout
        acd.tick()
        assert acd.agent(idle.id).presence.value == "not_ready"  # type: ignore[union-attr]
    finally:
        restarted.dispose()


def test_a_queue_without_wrap_up_closes_the_contact_when_it_ends(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    with container.engine.begin() as connection:
        connection.execute(update(tables.queues).where(tables.queues.c.code == "voice.general").values(wrap_up_s=0))
    assert container.context.acd is not None
    container.context.acd.reload()
    agent = staff["agent"]
    give_skills(container, agent, general=5)
    ready(client, agent)
    contact_id = call_in(client, staff["admin"]).json()["contact_id"]
    client.post(f"/api/v1/desk/offers/{contact_id}/accept", headers=agent.headers)
    ended = client.post(f"/api/v1/desk/contacts/{contact_id}/end", headers=agent.headers)
    assert ended.status_code == 200 and ended.json()["contacts"] == []
    assert rows(container.engine, "interactions", id=contact_id)[0]["status"] == "closed"
    assert event_types(container.engine, "contact", contact_id)[-2:] == ["ContactEnded", "ContactWrapped"]
