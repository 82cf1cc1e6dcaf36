"""The routing rules, one scenario each, with concrete times (seconds from 0 unless said).

Each scenario runs on the fast `Router` and on its brute-force twin `ReferenceRouter`: both must follow
every rule, so a rule that one of them gets wrong fails here in plain words before the random differential
test (test_routing_differential) finds it the hard way.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from carecenter.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from carecenter.domain.routing import events as ev
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.model import Capacity, Media, Policy, Presence, QueueConfig, RefuseReason, RevokeReason
from carecenter.domain.routing.reference import ReferenceRouter
from carecenter.domain.routing.state import Stage

AnyRouter = Router | ReferenceRouter
MISSED, REJECTED, ABANDONED, UNAVAILABLE = (
    RevokeReason.MISSED,
    RevokeReason.REJECTED,
    RevokeReason.ABANDONED,
    RevokeReason.UNAVAILABLE,
)
VOICE = QueueConfig("voice", Media.VOICE, "billing", offer_timeout_s=20.0, wrap_up_s=0.0)
CHAT = QueueConfig("chat", Media.CHAT, "billing", wrap_up_s=0.0)
EMAIL = QueueConfig("email", Media.EMAIL, "billing", wrap_up_s=0.0)


@pytest.fixture(params=[Router, ReferenceRouter], ids=["engine", "reference"])
def kind(request: pytest.FixtureRequest) -> type[AnyRouter]:
    return request.param  # type: ignore[no-any-return]


def offered(contact: int, agent: int, queue: str, at: float, callback: bool = False) -> ev.Offered:
    return ev.Offered(contact, agent, queue, at, callback)


def log_in(r: AnyRouter, agent: int, at: float, level: int = 5, capacity: Capacity | None = None) -> list[ev.Decision]:
    return r.handle(ev.AgentLoggedIn(agent, {"billing": level}, capacity or Capacity(), ready=True), at)


def arrive(r: AnyRouter, contact: int, queue: str, at: float, **kw: object) -> list[ev.Decision]:
    return r.handle(ev.ContactArrived(contact, queue, **kw), at)  # type: ignore[arg-type]


def snapshot(r: AnyRouter) -> object:
    return [r.agent(i) for i in r.agent_ids()], [r.contact(i) for i in r.contact_ids()], r.next_due()


# ---- who gets the contact ------------------------------------------------------------------------


def test_longest_idle_among_the_best_qualified(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 1, at=0.0, level=5)  # free longest, but less qualified
    log_in(r, 3, at=2.0, level=8)
    log_in(r, 2, at=5.0, level=8)
    assert arrive(r, 100, "voice", at=10.0) == [ev.Queued(100, "voice", 10.0), offered(100, 3, "voice", 10.0)]
    assert arrive(r, 101, "voice", at=11.0)[1:] == [offered(101, 2, "voice", 11.0)]
    assert arrive(r, 102, "voice", at=12.0)[1:] == [offered(102, 1, "voice", 12.0)]


def test_equal_agents_free_since_the_same_instant_go_by_lowest_id(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 7, at=0.0)
    log_in(r, 4, at=0.0)
    assert arrive(r, 100, "voice", at=1.0)[1:] == [offered(100, 4, "voice", 1.0)]


@pytest.mark.parametrize(("policy", "second_goes_to"), [(Policy.LEAST_LOADED, 2), (Policy.LONGEST_IDLE, 1)])
def test_least_loaded_policy_spreads_chats(kind: type[AnyRouter], policy: Policy, second_goes_to: int) -> None:
    r = kind([QueueConfig("chat", Media.CHAT, "billing", policy=policy)])
    log_in(r, 1, at=0.0)  # both have room for 3 chats and 2 emails
    log_in(r, 2, at=5.0)
    assert arrive(r, 100, "chat", at=10.0)[1:] == [offered(100, 1, "chat", 10.0)]
    r.handle(ev.OfferAccepted(100, 1), 10.0)
    # agent 1 holds 1/6 of its capacity, agent 2 nothing; longest-idle still looks only at who is free longest
    assert arrive(r, 101, "chat", at=11.0)[1:] == [offered(101, second_goes_to, "chat", 11.0)]


def test_least_loaded_ties_on_share_go_to_who_is_free_longest(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("chat", Media.CHAT, "billing", policy=Policy.LEAST_LOADED)])
    log_in(r, 1, at=0.0)
    log_in(r, 2, at=5.0)
    for contact, agent in ((100, 1), (101, 2)):
        arrive(r, contact, "chat", at=10.0)
        r.handle(ev.OfferAccepted(contact, agent), 10.0)
    assert arrive(r, 102, "chat", at=12.0)[1:] == [offered(102, 1, "chat", 12.0)]  # both hold 1/6


def test_priority_then_arrival_and_the_vip_boost(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", wrap_up_s=0.0, priority_boost={"vip": 5})])
    arrive(r, 1, "voice", at=0.0)
    arrive(r, 2, "voice", at=1.0, priority=2)
    arrive(r, 3, "voice", at=2.0, segment="vip")  # 0 + 5
    arrive(r, 4, "voice", at=3.0, segment="gold")  # no boost for gold here
    arrive(r, 5, "voice", at=3.0)  # same instant as 4: the earlier arrival goes first
    order = []
    decisions = log_in(r, 9, at=10.0)
    for step in range(5):
        contact = next(d.contact for d in decisions if isinstance(d, ev.Offered))
        order.append(contact)
        r.handle(ev.OfferAccepted(contact, 9), 10.0 + step)
        decisions = r.handle(ev.ContactEnded(contact), 10.5 + step)
        if step < 4:
            assert [type(d) for d in decisions] == [ev.Offered]
    assert order == [3, 2, 1, 4, 5]


def test_skill_requirement_relaxes_after_30_seconds(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", relax=((0.0, 7), (30.0, 3)))])
    log_in(r, 1, at=0.0, level=4)
    assert arrive(r, 100, "voice", at=0.0) == [ev.Queued(100, "voice", 0.0)]
    assert r.next_due() == 30.0
    assert r.advance(29.9) == []
    assert r.advance(30.0) == [offered(100, 1, "voice", 30.0)]
    contact = r.contact(100)
    assert contact is not None and contact.level == 3


def test_overflow_after_60_seconds_keeps_the_original_arrival_as_its_place(kind: type[AnyRouter]) -> None:
    first = QueueConfig("first", Media.VOICE, "billing", overflow_to="second", overflow_after_s=60.0)
    second = QueueConfig("second", Media.VOICE, "general")
    r = kind([first, second])
    arrive(r, 100, "first", at=0.0)
    arrive(r, 200, "second", at=10.0)
    assert r.advance(59.0) == []
    assert r.advance(60.0) == [ev.Overflowed(100, "first", "second", 60.0)]
    contact = r.contact(100)
    assert contact is not None and (contact.queue, contact.arrived, contact.entered) == ("second", 0.0, 60.0)
    assert (r.waiting("first"), r.waiting("second")) == (0, 2)
    decisions = r.handle(ev.AgentLoggedIn(1, {"general": 5}, ready=True), 70.0)
    assert decisions == [offered(100, 1, "second", 70.0)]  # arrived at 0, ahead of 200 (arrived at 10)


def test_a_missed_offer_makes_the_agent_not_ready_and_the_contact_keeps_its_place(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 1, at=0.0)
    assert arrive(r, 100, "voice", at=0.0)[1:] == [offered(100, 1, "voice", 0.0)]
    arrive(r, 101, "voice", at=5.0)
    assert r.advance(20.0) == [
        ev.OfferRevoked(100, 1, MISSED, 20.0),
        ev.PresenceForced(1, Presence.NOT_READY, "missed", 20.0),
    ]
    agent = r.agent(1)
    assert agent is not None and (agent.presence, agent.reason, agent.offer) == (Presence.NOT_READY, "missed", None)
    contact = r.contact(100)
    assert contact is not None and (contact.stage, contact.arrived) == (Stage.WAITING, 0.0)
    assert log_in(r, 2, at=25.0) == [offered(100, 2, "voice", 25.0)]  # ahead of 101, which came later


def test_a_rejected_offer_makes_the_agent_not_ready_rejected(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 1, at=0.0, level=9)
    log_in(r, 2, at=0.0, level=5)
    arrive(r, 100, "voice", at=1.0)
    assert r.handle(ev.OfferRejected(100, 1), 3.0) == [
        ev.OfferRevoked(100, 1, REJECTED, 3.0),
        ev.PresenceForced(1, Presence.NOT_READY, "rejected", 3.0),
        offered(100, 2, "voice", 3.0),
    ]
    agent = r.agent(1)
    assert agent is not None and (agent.presence, agent.reason) == (Presence.NOT_READY, "rejected")


def test_abandoning_while_ringing_frees_the_agent_for_the_next_contact(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 1, at=0.0)
    arrive(r, 100, "voice", at=1.0)
    arrive(r, 101, "voice", at=2.0)
    assert r.handle(ev.ContactAbandoned(100), 4.0) == [
        ev.OfferRevoked(100, 1, ABANDONED, 4.0),
        offered(101, 1, "voice", 4.0),
    ]
    assert r.contact(100) is None
    agent = r.agent(1)
    assert agent is not None and agent.presence is Presence.READY


def test_a_callback_keeps_its_place_and_is_offered_as_a_callback(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    arrive(r, 100, "voice", at=0.0)
    assert r.handle(ev.CallbackRequested(100), 30.0) == []
    arrive(r, 101, "voice", at=40.0)
    assert log_in(r, 1, at=50.0) == [offered(100, 1, "voice", 50.0, callback=True)]
    with pytest.raises(Conflict):
        r.handle(ev.CallbackRequested(100), 51.0)  # only a waiting contact can ask


def test_three_chats_and_two_emails_at_once_but_a_call_takes_the_whole_agent(kind: type[AnyRouter]) -> None:
    r = kind([VOICE, CHAT, EMAIL])
    for n, queue in enumerate(["chat", "chat", "chat", "chat", "email", "email", "email"], start=10):
        arrive(r, n, queue, at=1.0)
    arrive(r, 1, "voice", at=2.0)
    held = []
    decisions = log_in(r, 1, at=3.0, capacity=Capacity(voice=1, chat=3, email=2))
    while decisions:  # one offer rings at a time: accept it, and the next follows
        (offer,) = decisions
        assert isinstance(offer, ev.Offered)
        held.append(offer.contact)
        decisions = r.handle(ev.OfferAccepted(offer.contact, 1), 4.0)
    assert held == [10, 11, 12, 14, 15]
    agent = r.agent(1)
    assert agent is not None and dict(agent.load) == {Media.VOICE: 0, Media.CHAT: 3, Media.EMAIL: 2}
    assert (r.waiting("chat"), r.waiting("email"), r.waiting("voice")) == (1, 1, 1)
    assert r.handle(ev.ContactEnded(10), 5.0) == [offered(13, 1, "chat", 5.0)]
    r.handle(ev.OfferAccepted(13, 1), 5.0)
    for chat in (11, 12, 13):
        assert r.handle(ev.ContactEnded(chat), 6.0) == []  # the call needs an empty desk
    assert r.handle(ev.ContactEnded(14), 7.0) == [offered(16, 1, "email", 7.0)]
    r.handle(ev.OfferAccepted(16, 1), 7.0)
    assert r.handle(ev.ContactEnded(15), 8.0) == []
    assert r.handle(ev.ContactEnded(16), 9.0) == [offered(1, 1, "voice", 9.0)]
    r.handle(ev.OfferAccepted(1, 1), 9.0)
    assert arrive(r, 20, "chat", at=10.0) == [ev.Queued(20, "chat", 10.0)]  # nothing beside a call
    assert arrive(r, 21, "email", at=10.0) == [ev.Queued(21, "email", 10.0)]


def test_wrap_up_holds_the_slot_until_done(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", wrap_up_s=30.0)])
    log_in(r, 1, at=0.0)
    arrive(r, 100, "voice", at=0.0)
    r.handle(ev.OfferAccepted(100, 1), 1.0)
    arrive(r, 101, "voice", at=2.0)
    assert r.handle(ev.ContactEnded(100), 10.0) == []
    contact = r.contact(100)
    assert contact is not None and (contact.stage, contact.wrap_until) == (Stage.WRAP_UP, 40.0)
    assert r.handle(ev.WrapUpDone(100), 15.0) == [offered(101, 1, "voice", 15.0)]
    assert r.contact(100) is None
    r.handle(ev.OfferAccepted(101, 1), 16.0)
    assert r.advance(40.0) == []  # the wrap-up timer of 100 is void


def test_wrap_up_times_out(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", wrap_up_s=30.0)])
    log_in(r, 1, at=0.0)
    arrive(r, 100, "voice", at=0.0)
    r.handle(ev.OfferAccepted(100, 1), 1.0)
    r.handle(ev.ContactEnded(100), 10.0)
    arrive(r, 101, "voice", at=12.0)
    assert r.advance(39.0) == []
    assert r.advance(45.0) == [ev.WrapUpExpired(100, 1, 40.0), offered(101, 1, "voice", 40.0)]


def test_no_wrap_up_frees_the_slot_at_once(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 1, at=0.0)
    arrive(r, 100, "voice", at=0.0)
    arrive(r, 101, "voice", at=1.0)
    r.handle(ev.OfferAccepted(100, 1), 2.0)
    assert r.handle(ev.ContactEnded(100), 9.0) == [offered(101, 1, "voice", 9.0)]
    agent = r.agent(1)
    assert agent is not None and agent.free_since == 9.0


class OfficeHours:
    """A fake business calendar: open 08:00-17:00 UTC."""

    def is_open(self, at: datetime) -> bool:
        return 8 <= at.hour < 17


MONDAY_0900 = datetime(2025, 1, 6, 9, tzinfo=UTC).timestamp()
MONDAY_2000 = datetime(2025, 1, 6, 20, tzinfo=UTC).timestamp()


def test_outside_business_hours_a_contact_is_refused_closed(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", hours=OfficeHours())])
    assert arrive(r, 100, "voice", at=MONDAY_0900) == [ev.Queued(100, "voice", MONDAY_0900)]
    assert arrive(r, 101, "voice", at=MONDAY_2000) == [ev.Refused(101, "voice", RefuseReason.CLOSED, MONDAY_2000)]
    assert r.contact(101) is None and r.waiting("voice") == 1


def test_the_emergency_switch_refuses_new_contacts(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", hours=OfficeHours())])
    assert r.handle(ev.EmergencySet("voice", on=True), MONDAY_0900) == []
    assert arrive(r, 100, "voice", at=MONDAY_0900) == [ev.Refused(100, "voice", RefuseReason.EMERGENCY, MONDAY_0900)]
    at = MONDAY_2000
    assert arrive(r, 101, "voice", at=at) == [ev.Refused(101, "voice", RefuseReason.EMERGENCY, at)]  # before closed
    r.handle(ev.EmergencySet("voice", on=False), MONDAY_2000 + 1)
    assert arrive(r, 102, "voice", at=MONDAY_0900 + 86_400)[0] == ev.Queued(102, "voice", MONDAY_0900 + 86_400)


# ---- edges: timers while ringing, withdrawal, transfer -------------------------------------------


def test_relaxation_due_while_ringing_applies_when_the_contact_is_back(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", relax=((0.0, 7), (10.0, 3)))])
    log_in(r, 1, at=0.0, level=9)
    log_in(r, 2, at=0.0, level=4)
    arrive(r, 100, "voice", at=0.0)  # rings at agent 1 (level 9); agent 2 (4) is not enough yet
    r.advance(15.0)  # the requirement falls to 3 while it rings
    assert r.handle(ev.OfferRejected(100, 1), 16.0)[2:] == [offered(100, 2, "voice", 16.0)]


def test_overflow_due_while_ringing_happens_when_the_contact_is_back(kind: type[AnyRouter]) -> None:
    first = QueueConfig(
        "first", Media.VOICE, "billing", offer_timeout_s=60.0, overflow_to="second", overflow_after_s=30.0
    )
    r = kind([first, QueueConfig("second", Media.VOICE, "general")])
    log_in(r, 1, at=0.0)
    arrive(r, 100, "first", at=10.0)
    assert r.advance(40.0) == []  # due at 40, but it rings at agent 1
    assert r.handle(ev.PresenceChanged(1, ready=False, reason="break"), 41.0) == [
        ev.OfferRevoked(100, 1, UNAVAILABLE, 41.0),
        ev.Overflowed(100, "first", "second", 41.0),
    ]
    agent = r.agent(1)
    assert agent is not None and (agent.presence, agent.reason) == (Presence.NOT_READY, "break")


def test_logging_out_while_ringing_withdraws_the_offer(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 1, at=0.0, level=9)
    log_in(r, 2, at=0.0, level=3)
    arrive(r, 100, "voice", at=1.0)
    assert r.handle(ev.AgentLoggedOut(1), 2.0) == [
        ev.OfferRevoked(100, 1, UNAVAILABLE, 2.0),
        offered(100, 2, "voice", 2.0),
    ]
    assert r.agent(1) is None


def test_a_transfer_frees_the_slot_and_takes_a_new_place(kind: type[AnyRouter]) -> None:
    second = QueueConfig("second", Media.VOICE, "general")
    r = kind([VOICE, second])
    log_in(r, 1, at=0.0)
    arrive(r, 100, "voice", at=0.0)
    r.handle(ev.OfferAccepted(100, 1), 1.0)
    arrive(r, 200, "second", at=5.0)
    assert r.handle(ev.ContactTransferred(100, "second"), 10.0) == [ev.Queued(100, "second", 10.0)]
    contact = r.contact(100)
    assert contact is not None and (contact.stage, contact.arrived, contact.agent) == (Stage.WAITING, 10.0, None)
    assert r.handle(ev.AgentLoggedIn(2, {"general": 5}, ready=True), 11.0) == [offered(200, 2, "second", 11.0)]
    r.handle(ev.OfferAccepted(200, 2), 12.0)
    with pytest.raises(InvalidInput):
        r.handle(ev.ContactTransferred(200, "chat"), 12.0)  # no such queue
    r.configure(QueueConfig("chat", Media.CHAT, "general"))
    with pytest.raises(InvalidInput):
        r.handle(ev.ContactTransferred(200, "chat"), 13.0)  # a call cannot become a chat


# ---- inputs that do not fit ----------------------------------------------------------------------


def _busy_router(kind: type[AnyRouter]) -> AnyRouter:
    """Agent 1 on call 100, agent 2 with 101 ringing, 102 waiting, 103 in wrap-up at agent 3."""
    r = kind([VOICE, CHAT, QueueConfig("wrap", Media.VOICE, "billing", wrap_up_s=60.0)])
    log_in(r, 1, at=0.0, level=9)
    arrive(r, 100, "voice", at=0.0)
    r.handle(ev.OfferAccepted(100, 1), 1.0)
    log_in(r, 3, at=1.0, level=9)
    arrive(r, 103, "wrap", at=1.0)
    r.handle(ev.OfferAccepted(103, 3), 1.0)
    r.handle(ev.ContactEnded(103), 1.5)
    log_in(r, 2, at=2.0)
    arrive(r, 101, "voice", at=2.0)
    arrive(r, 102, "voice", at=3.0)
    return r


@pytest.mark.parametrize(
    ("event", "error"),
    [
        (ev.ContactArrived(200, "nowhere"), InvalidInput),
        (ev.ContactArrived(102, "voice"), Conflict),
        (ev.AgentLoggedIn(4, {"billing": 11}), InvalidInput),
        (ev.AgentLoggedIn(4, {"billing": 0}), InvalidInput),
        (ev.AgentLoggedIn(2, {"billing": 5}), Conflict),
        (ev.SkillsChanged(2, {"billing": 12}), InvalidInput),
        (ev.SkillsChanged(9, {"billing": 5}), NotFound),
        (ev.PresenceChanged(9, ready=True), NotFound),
        (ev.AgentLoggedOut(9), NotFound),
        (ev.AgentLoggedOut(1), Conflict),  # still on a call
        (ev.AgentLoggedOut(3), Conflict),  # still wrapping up
        (ev.OfferAccepted(999, 2), NotFound),
        (ev.OfferAccepted(101, 1), Conflict),  # offered to agent 2
        (ev.OfferAccepted(102, 2), Conflict),  # not offered at all
        (ev.OfferRejected(100, 1), Conflict),  # already connected
        (ev.ContactEnded(102), Conflict),
        (ev.WrapUpDone(100), Conflict),
        (ev.ContactAbandoned(100), Conflict),  # connected: the call ends, it is not abandoned
        (ev.CallbackRequested(101), Conflict),
        (ev.ContactTransferred(102, "voice"), Conflict),
        (ev.ContactTransferred(100, "nowhere"), InvalidInput),
        (ev.ContactTransferred(100, "chat"), InvalidInput),
        (ev.EmergencySet("nowhere", on=True), InvalidInput),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else repr(value),
)
def test_an_input_that_does_not_fit_raises_and_changes_nothing(
    kind: type[AnyRouter], event: ev.RoutingInput, error: type[DomainError]
) -> None:
    r = _busy_router(kind)
    before = snapshot(r)
    with pytest.raises(error):
        r.handle(event, 4.0)
    assert snapshot(r) == before
    assert r.handle(ev.OfferAccepted(101, 2), 4.0) == []  # and it still works


def test_queue_config_problems_are_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        QueueConfig("q", Media.CHAT, "x", relax=((0.0, 3), (30.0, 5)))  # levels must fall
    with pytest.raises(InvalidInput):
        QueueConfig("q", Media.CHAT, "x", overflow_to="other")  # without overflow_after_s
    for kind in (Router, ReferenceRouter):
        with pytest.raises(InvalidInput):
            kind([QueueConfig("q", Media.CHAT, "x", overflow_to="other", overflow_after_s=10.0)])


# ---- engine bugs the differential test found (fixed; kept as regression tests) ------------------

REUSED_ID = "timers of a contact's earlier visit (same id) still fire on its next one"
RELOGIN = "a stale index entry of the agent's previous login ties with the new one: heapq compares AgentStates"
LIVE_CONFIGURE = "configure() on a live router neither re-indexes waiting contacts nor restores the fixed point"
NO_MORE_OVERFLOW = "an overflow timer set before configure() removed the overflow fires and asserts"


def engine_bug(reason: str) -> list[object]:
    """Both routers, for a rule the fast one once broke (`reason` says how)."""
    return [pytest.param(Router, id=f"Router-{reason[:20]}"), ReferenceRouter]


@pytest.mark.parametrize("kind", engine_bug(REUSED_ID))
def test_a_returning_contact_id_starts_with_fresh_timers(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("voice", Media.VOICE, "billing", offer_timeout_s=20.0)])
    log_in(r, 1, at=0.0)
    arrive(r, 7, "voice", at=0.0)  # offered at 0: times out at 20
    r.handle(ev.ContactAbandoned(7), 5.0)
    assert arrive(r, 7, "voice", at=10.0)[1:] == [offered(7, 1, "voice", 10.0)]  # times out at 30
    assert r.advance(20.0) == []
    assert r.advance(30.0)[0] == ev.OfferRevoked(7, 1, MISSED, 30.0)


@pytest.mark.parametrize("kind", engine_bug(REUSED_ID))
def test_a_returning_contact_id_is_not_moved_by_the_overflow_of_its_earlier_visit(kind: type[AnyRouter]) -> None:
    first = QueueConfig("first", Media.VOICE, "billing", overflow_to="second", overflow_after_s=30.0)
    r = kind([first, QueueConfig("second", Media.VOICE, "billing")])
    arrive(r, 7, "first", at=0.0)
    r.handle(ev.ContactAbandoned(7), 5.0)
    arrive(r, 7, "second", at=10.0)
    assert r.advance(30.0) == []  # the engine: AssertionError in _overflow (second does not overflow)


@pytest.mark.parametrize("kind", engine_bug(RELOGIN))
def test_an_agent_may_log_out_and_back_in_at_the_same_instant(kind: type[AnyRouter]) -> None:
    r = kind([VOICE])
    log_in(r, 1, at=0.0)
    r.handle(ev.AgentLoggedOut(1), 0.0)
    assert log_in(r, 1, at=0.0) == []  # the engine: TypeError from heapq.heappush in FreeAgents.index
    assert arrive(r, 100, "voice", at=1.0)[1:] == [offered(100, 1, "voice", 1.0)]


@pytest.mark.parametrize("kind", engine_bug(LIVE_CONFIGURE))
def test_a_queue_reconfigured_while_contacts_wait_still_routes_them(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("chat", Media.CHAT, "support", relax=((0.0, 9),))])
    arrive(r, 1, "chat", at=0.0)  # needs support 9
    r.configure(QueueConfig("chat", Media.CHAT, "support", relax=((0.0, 3),)))  # keeps its place and level
    decisions = r.handle(ev.AgentLoggedIn(2, {"support": 9}, ready=True), 2.0)
    assert decisions == [offered(1, 2, "chat", 2.0)]


@pytest.mark.parametrize("kind", engine_bug(LIVE_CONFIGURE))
def test_a_queue_that_changes_its_skill_offers_to_the_idle_agents_that_have_it(kind: type[AnyRouter]) -> None:
    r = kind([QueueConfig("chat", Media.CHAT, "support")])
    r.handle(ev.AgentLoggedIn(1, {"billing": 5}, ready=True), 0.0)
    arrive(r, 1, "chat", at=0.0)
    assert r.configure(QueueConfig("chat", Media.CHAT, "billing")) == [offered(1, 1, "chat", 0.0)]  # at once


@pytest.mark.parametrize("kind", engine_bug(NO_MORE_OVERFLOW))
def test_removing_a_queues_overflow_voids_the_overflow_already_due(kind: type[AnyRouter]) -> None:
    first = QueueConfig("first", Media.VOICE, "billing", overflow_to="second", overflow_after_s=30.0)
    r = kind([first, QueueConfig("second", Media.VOICE, "billing")])
    arrive(r, 1, "first", at=0.0)
    r.configure(QueueConfig("first", Media.VOICE, "billing"))
    assert r.advance(30.0) == []  # the engine: AssertionError in _overflow
