"""The traffic simulator's hands: a `Desk` driver plays the channel gateway (contacts in, customers
leaving) and the simulated agents' desks. `InProcessDesk` calls the app commands and reads the ACD of
this process (the demo); `HttpDesk` drives a running server's REST API with API tokens (`simulate --url`).

Drivers raise whatever the application says no with (a 409 when the customer hung up just as the agent
accepted, say); the simulator drops that step and carries on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from carecenter.app.commands import acd_contacts, acd_desk
from carecenter.app.context import AppContext, actor_of
from carecenter.app.queries.reasons import contact_reasons
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import NotFound
from carecenter.domain.routing.state import Stage


@dataclass(frozen=True)
class HeldContact:
    contact_id: int
    stage: str  # connected | wrap_up
    queue: str


@dataclass(frozen=True)
class DeskView:
    presence: str  # logged_out | ready | not_ready
    reason: str | None
    offer: int | None  # the contact ringing now
    held: tuple[HeldContact, ...] = ()
    offer_queue: str = ""


LOGGED_OUT = DeskView("logged_out", None, None)


class Desk(Protocol):
    """What the simulator does to the centre; agents are named by username."""

    def new_contact(self, channel: str, identity: str | None) -> int: ...
    def abandon(self, contact_id: int) -> bool: ...
    def desk(self, agent: str) -> DeskView: ...
    def set_presence(self, agent: str, ready: bool, reason: str | None = None) -> None: ...
    def accept(self, agent: str, contact_id: int) -> None: ...
    def reject(self, agent: str, contact_id: int) -> None: ...
    def end(self, agent: str, contact_id: int) -> None: ...
    def wrap_up(self, agent: str, contact_id: int, reason_code: str, notes: str = "") -> None: ...
    def log_out(self, agent: str) -> None: ...
    def reason_codes(self) -> list[str]: ...


def leaf_codes(codes: list[str]) -> list[str]:
    """The codes no other code hangs under (`billing.inquiry`, not `billing`)."""
    parents = {c.rsplit(".", 1)[0] for c in codes if "." in c}
    return sorted(c for c in codes if c not in parents)


class InProcessDesk:
    """The app commands and this process's ACD (which must route: built with routing=True)."""

    def __init__(self, ctx: AppContext, channel: Actor, agents: Mapping[str, Actor]) -> None:
        if ctx.acd is None:
            raise ValueError("the in-process traffic driver needs a routing process (routing=True)")
        self._ctx, self._acd, self._channel, self._agents = ctx, ctx.acd, channel, dict(agents)

    @classmethod
    def for_users(cls, ctx: AppContext, channel: str, agents: list[str]) -> InProcessDesk:
        """Look the channel's user (one with acd.contacts, e.g. admin) and the agents up by username."""
        actors: dict[str, Actor] = {}
        with ctx.uow() as uow:
            for username in [channel, *agents]:
                found = uow.users.by_username(username)
                if found is None:
                    raise NotFound(f"no user {username!r}")
                actors[username] = actor_of(found[0])
        return cls(ctx, actors.pop(channel), actors)

    def new_contact(self, channel: str, identity: str | None) -> int:
        return acd_contacts.route_contact(self._ctx, self._channel, channel, identity=identity).contact_id

    def abandon(self, contact_id: int) -> bool:
        view = self._acd.contact(contact_id)
        if view is None or view.stage not in (Stage.WAITING, Stage.OFFERED):
            return False  # already taken or gone: the customer was served
        acd_contacts.abandon_contact(self._ctx, self._channel, contact_id)
        return True

    def desk(self, agent: str) -> DeskView:
        actor = self._agents[agent]
        view = self._acd.agent(actor.user_id)
        if view is None:
            return LOGGED_OUT
        held = []
        for contact_id in self._acd.held_by(actor.user_id):
            contact = self._acd.contact(contact_id)
            if contact is not None:
                held.append(HeldContact(contact_id, contact.stage.name.lower(), contact.queue))
        offer = self._acd.contact(view.offer) if view.offer is not None else None
        queue = offer.queue if offer is not None else ""
        return DeskView(view.presence.value, view.reason, view.offer, tuple(held), queue)

    def set_presence(self, agent: str, ready: bool, reason: str | None = None) -> None:
        acd_desk.set_presence(self._ctx, self._agents[agent], ready, reason)

    def accept(self, agent: str, contact_id: int) -> None:
        acd_desk.accept(self._ctx, self._agents[agent], contact_id)

    def reject(self, agent: str, contact_id: int) -> None:
        acd_desk.reject(self._ctx, self._agents[agent], contact_id)

    def end(self, agent: str, contact_id: int) -> None:
        acd_desk.end_contact(self._ctx, self._agents[agent], contact_id)

    def wrap_up(self, agent: str, contact_id: int, reason_code: str, notes: str = "") -> None:
        acd_desk.wrap_up(self._ctx, self._agents[agent], contact_id, reason_code, notes)

    def log_out(self, agent: str) -> None:
        acd_desk.log_out(self._ctx, self._agents[agent])

    def reason_codes(self) -> list[str]:
        return leaf_codes([r.code for r in contact_reasons(self._ctx)])


class DeskRefused(Exception):
    """The server answered a step with an error status (its problem document's detail)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status


class HttpDesk:
    """A running server's REST API: the channel token routes contacts, each agent has a token of their own."""

    def __init__(
        self,
        url: str,
        channel_token: str,
        agent_tokens: Mapping[str, str],
        timeout_s: float = 10.0,
        client: httpx.Client | None = None,  # tests pass Litestar's TestClient
    ) -> None:
        self._http = client or httpx.Client(base_url=url.rstrip("/"), timeout=timeout_s)
        self._channel = channel_token
        self._tokens = dict(agent_tokens)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, token: str, body: Any = None) -> Any:
        response = self._http.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})
        if response.status_code >= 400:
            try:
                detail = str(response.json().get("detail", response.text))
            except ValueError:
                detail = response.text
            raise DeskRefused(response.status_code, detail[:200])
        return response.json() if response.content else None

    def _as(self, agent: str, method: str, path: str, body: Any = None) -> Any:
        return self._call(method, path, self._tokens[agent], body)

    def new_contact(self, channel: str, identity: str | None) -> int:
        created = self._call("POST", "/api/v1/contacts", self._channel, {"channel": channel, "identity": identity})
        return int(created["contact_id"])

    def abandon(self, contact_id: int) -> bool:
        try:
            self._call("POST", f"/api/v1/contacts/{contact_id}/abandon", self._channel)
        except DeskRefused as exc:
            if exc.status not in (404, 409):  # already taken or gone: the customer was served
                raise
            return False
        return True

    def desk(self, agent: str) -> DeskView:
        body = self._as(agent, "GET", "/api/v1/desk")
        offer = body.get("offer")
        held = tuple(HeldContact(int(c["contact_id"]), c["stage"], c["queue"]) for c in body.get("contacts", []))
        if offer is None:
            return DeskView(body["presence"], body.get("reason"), None, held)
        return DeskView(body["presence"], body.get("reason"), int(offer["contact_id"]), held, str(offer["queue"]))

    def set_presence(self, agent: str, ready: bool, reason: str | None = None) -> None:
        self._as(agent, "PUT", "/api/v1/desk/presence", {"ready": ready, "reason": reason})

    def accept(self, agent: str, contact_id: int) -> None:
        self._as(agent, "POST", f"/api/v1/desk/offers/{contact_id}/accept")

    def reject(self, agent: str, contact_id: int) -> None:
        self._as(agent, "POST", f"/api/v1/desk/offers/{contact_id}/reject")

    def end(self, agent: str, contact_id: int) -> None:
        self._as(agent, "POST", f"/api/v1/desk/contacts/{contact_id}/end")

    def wrap_up(self, agent: str, contact_id: int, reason_code: str, notes: str = "") -> None:
        body = {"reason_code": reason_code, "notes": notes}
        self._as(agent, "POST", f"/api/v1/desk/contacts/{contact_id}/wrap-up", body)

    def log_out(self, agent: str) -> None:
        self._as(agent, "POST", "/api/v1/desk/logout")

    def reason_codes(self) -> list[str]:
        body = self._call("GET", "/api/v1/contact-reasons", self._channel)
        return leaf_codes([str(r["code"]) for r in body.get("reasons", [])])
