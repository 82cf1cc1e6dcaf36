"""Creating and changing customers; every write emits its event in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from carecenter.app.access import require_customer_access
from carecenter.app.context import AppContext
from carecenter.app.ports import UnitOfWork
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.identities import normalise_identity
from carecenter.domain.customers.model import (
    Address,
    Customer,
    CustomerKind,
    Identity,
    IdentityKind,
    Premise,
    Segment,
)
from carecenter.domain.errors import FieldProblem, InvalidInput, ProblemCollector
from carecenter.domain.events import event
from carecenter.domain.search.folding import document


@dataclass(frozen=True)
class NewCustomer:
    """What a form, the API, the importer or quick-create supplies; raw values, validated here."""

    name: str
    kind: str = CustomerKind.PERSON.value
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    national_id: str | None = None
    tax_code: str | None = None
    region_code: str | None = None
    branch_code: str | None = None
    date_of_birth: date | None = None
    address: Address | None = None
    consent_marketing: bool = False


def build_customer(data: NewCustomer, problems: ProblemCollector) -> Customer:
    """Validate `data` into a domain Customer, collecting every field problem (none raised here)."""
    name = " ".join(data.name.split())
    if not name:
        problems.add("name", "name is required")
    elif len(name) > 300:
        problems.add("name", "name is longer than 300 characters")
    try:
        kind = CustomerKind(data.kind)
    except ValueError:
        problems.add("kind", "must be person or business")
        kind = CustomerKind.PERSON
    identities: list[Identity] = []
    raw: list[tuple[IdentityKind, str, str]] = [
        (IdentityKind.PHONE, v, f"phones.{i}") for i, v in enumerate(data.phones)
    ]
    raw += [(IdentityKind.EMAIL, v, f"emails.{i}") for i, v in enumerate(data.emails)]
    if data.national_id:
        raw.append((IdentityKind.NATIONAL_ID, data.national_id, "national_id"))
    if data.tax_code:
        raw.append((IdentityKind.TAX_CODE, data.tax_code, "tax_code"))
    for kind_, value, field in raw:
        try:
            identity = normalise_identity(kind_, value, field=field)
        except InvalidInput as exc:
            problems.problems.extend(exc.problems)
            continue
        first_of_kind = not any(i.kind == identity.kind for i in identities)
        if all(i.value != identity.value for i in identities):
            identities.append(replace(identity, is_primary=first_of_kind))
    segment = Segment.SME if kind is CustomerKind.BUSINESS else Segment.RESIDENTIAL
    return Customer(
        id=None,
        kind=kind,
        name=name,
        segment=segment,
        region_code=data.region_code,
        branch_code=data.branch_code,
        date_of_birth=data.date_of_birth,
        identities=tuple(identities),
        consent_marketing=data.consent_marketing,
    )


def search_document_of(customer: Customer, premises: list[Premise], accounts: list[str]) -> str:
    texts = [customer.name, *accounts]
    for p in premises:
        a = p.address
        texts += [
            a.line,
            a.ward_name or "",
            a.province_name or "",
            a.old_ward or "",
            a.old_district or "",
            a.old_province or "",
        ]
    numbers = []
    for identity in customer.identities:
        if identity.kind is IdentityKind.PHONE and identity.value.startswith("+84"):
            numbers.append("0" + identity.value[3:])
        elif identity.kind is IdentityKind.PHONE:
            numbers.append(identity.value)
        else:
            texts.append(identity.value)
    return document(texts, numbers)


def reindex(uow: UnitOfWork, customer_id: int) -> None:
    """Rebuild one customer's search document from what is stored now."""
    customer = uow.customers.get(customer_id)
    accounts = [s.account_number for s, _ in uow.services.of_customer(customer_id)]
    accounts += [s.meter_number for s, _ in uow.services.of_customer(customer_id) if s.meter_number]
    uow.customers.set_search_document(
        customer_id, search_document_of(customer, uow.customers.premises_of(customer_id), accounts)
    )


def create_customer(ctx: AppContext, actor: Actor, data: NewCustomer, source: str = "care-centre") -> int:
    """Create a customer (quick-create from an unknown caller, the form, or the API). Returns its id."""
    actor.require("customers.write")
    problems = ProblemCollector()
    customer = build_customer(data, problems)
    problems.raise_if_any()
    with ctx.uow() as uow:
        now = ctx.clock.now()
        customer_id = uow.customers.add(customer, now, source)
        if data.address is not None:
            uow.customers.add_premise(customer_id, Premise(address=data.address))
        reindex(uow, customer_id)
        uow.events.append(
            event("CustomerCreated", "customer", customer_id, name=customer.name, source=source),
            actor.user_id,
            now,
        )
        uow.commit()
    return customer_id


def update_customer(
    ctx: AppContext,
    actor: Actor,
    customer_id: int,
    expected_version: int,
    *,
    name: str | None = None,
    segment: str | None = None,
    region_code: str | None = None,
    consent_marketing: bool | None = None,
    consent_data_processing: bool | None = None,
) -> Customer:
    """Change a customer's basic fields with compare-and-set on `expected_version` (Conflict if stale)."""
    actor.require("customers.write")
    with ctx.uow() as uow:
        current = uow.customers.get(customer_id)
        require_customer_access(uow, actor, current)
        changes: dict[str, object] = {}
        problems = ProblemCollector()
        problems.check_length("region_code", region_code, 32)
        if name is not None:
            clean = " ".join(name.split())
            if not clean:
                problems.add("name", "name is required")
            problems.check_length("name", clean, 300)
            changes["name"] = clean
        problems.raise_if_any()
        if segment is not None:
            try:
                changes["segment"] = Segment(segment)
            except ValueError:
                raise InvalidInput(FieldProblem("segment", "must be vip, sme or residential")) from None
        if region_code is not None:
            changes["region_code"] = region_code
        if consent_marketing is not None:
            changes["consent_marketing"] = consent_marketing
        if consent_data_processing is not None:
            changes["consent_data_processing"] = consent_data_processing
        now = ctx.clock.now()
        updated = uow.customers.update(replace(current, **changes), expected_version, now)  # type: ignore[arg-type]
        reindex(uow, customer_id)
        uow.events.append(
            event("CustomerUpdated", "customer", customer_id, fields=sorted(changes), version=updated.version),
            actor.user_id,
            now,
        )
        uow.commit()
    return updated


def add_identity(ctx: AppContext, actor: Actor, customer_id: int, kind: str, value: str) -> Identity:
    actor.require("customers.write")
    identity = normalise_identity(kind, value)
    with ctx.uow() as uow:
        customer = uow.customers.get(customer_id)
        require_customer_access(uow, actor, customer)
        if any(i.kind == identity.kind and i.value == identity.value for i in customer.identities):
            raise InvalidInput(FieldProblem("value", "the customer already has this identity"))
        is_primary = not customer.identities_of(identity.kind)
        identity_id = uow.customers.add_identity(customer_id, identity.kind, identity.value, is_primary)
        reindex(uow, customer_id)
        now = ctx.clock.now()
        uow.events.append(event("IdentityAdded", "customer", customer_id, kind=identity.kind.value), actor.user_id, now)
        uow.commit()
    return replace(identity, id=identity_id, is_primary=is_primary)
