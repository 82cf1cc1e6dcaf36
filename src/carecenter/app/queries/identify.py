"""Who is this? Caller ID, email, account or meter number -> customer(s) in one call; and search."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.app.ports.customers import CustomerSummary
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.model import IdentityKind
from carecenter.domain.customers.phones import try_normalise_phone
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.search.folding import query_terms


class Match(StrEnum):
    FOUND = "found"  # exactly one customer
    CANDIDATES = "candidates"  # several: the agent picks
    NEW_CALLER = "new_caller"  # unknown or withheld: offer quick-create


@dataclass(frozen=True)
class Identification:
    match: Match
    customers: list[CustomerSummary]
    normalised: str | None  # the identity as looked up (E.164 phone, lower-case email, ...)
    hidden: int = 0  # matches outside the actor's region, not shown


def identify(
    ctx: AppContext,
    actor: Actor,
    phone: str | None = None,
    email: str | None = None,
    account: str | None = None,
    screen: str = "identify",
) -> Identification:
    """Resolve exactly one of `phone`, `email`, `account` (account or meter number) to customers.

    A withheld/unparsable caller ID is not an error: it is a new caller. Regional staff only see
    candidates of their region; `hidden` counts the others so the UI can say so.
    """
    with ctx.uow() as uow:
        found = identify_in(uow, actor, phone, email, account)
        audit_shown(uow, ctx, actor, found.customers, screen)
        uow.commit()
    return found


def identify_in(
    uow: UnitOfWork, actor: Actor, phone: str | None, email: str | None, account: str | None
) -> Identification:
    """`identify` inside the caller's unit of work (no audit, no commit): the screen pop shares it."""
    given = [(k, v) for k, v in (("phone", phone), ("email", email), ("account", account)) if v is not None]
    if len(given) != 1:
        raise InvalidInput(FieldProblem("phone", "give exactly one of phone, email or account"))
    actor.require("customers.read")
    kind, raw = given[0]
    if kind == "phone":
        normalised = try_normalise_phone(raw)
        ids = uow.customers.ids_by_identity(IdentityKind.PHONE, normalised) if normalised else []
    elif kind == "email":
        normalised = raw.strip().lower() or None
        ids = uow.customers.ids_by_identity(IdentityKind.EMAIL, normalised) if normalised else []
    else:
        normalised = raw.strip().upper() or None
        ids = uow.customers.ids_by_account(normalised) if normalised else []
        if not ids and normalised:
            ids = uow.customers.ids_by_account(raw.strip())
    found = uow.customers.summaries(ids)
    visible = [c for c in found if actor.sees_all_regions or c.region_code == actor.region_code]
    match = Match.NEW_CALLER if not visible else Match.FOUND if len(visible) == 1 else Match.CANDIDATES
    return Identification(match, for_actor(actor, visible), normalised, hidden=len(found) - len(visible))


def search_customers(
    ctx: AppContext, actor: Actor, query: str, limit: int = 20, screen: str = "search"
) -> list[CustomerSummary]:
    """Accent-insensitive search by name, phone fragment, account number or address.

    "nguyen van an" finds "Nguyễn Văn An", "dang" finds "Đặng", "伟" finds "张伟明", "5678" finds
    the customer whose phone ends in 5678. Regional staff only get their region's customers.
    """
    actor.require("customers.read")
    if not 1 <= limit <= 100:
        raise InvalidInput(FieldProblem("limit", "must be between 1 and 100"))
    terms = query_terms(query)
    if not terms:
        return []
    with ctx.uow() as uow:
        found = for_actor(actor, uow.customers.search(terms, actor.region_scope(), limit))
        audit_shown(uow, ctx, actor, found, screen)
        uow.commit()
    return found


def for_actor(actor: Actor, shown: list[CustomerSummary]) -> list[CustomerSummary]:
    """Summaries as `actor` may see them: without `customers.read_address`, the street part is hidden."""
    if actor.can("customers.read_address"):
        return shown
    return [replace(c, address="•••, " + c.address.split(", ", 1)[-1] if c.address else None) for c in shown]


def audit_shown(uow: UnitOfWork, ctx: AppContext, actor: Actor, shown: list[CustomerSummary], screen: str) -> None:
    """Names, phones and addresses were shown: each customer gets a read-audit entry (caller commits)."""
    now = ctx.clock.now()
    for customer in shown:
        uow.audit.record_read(actor.user_id, customer.id, screen, now)
