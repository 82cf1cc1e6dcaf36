"""REST: customers — search, identify, create, read (360), update, identities, erase."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from carecenter.app.commands.customers import NewCustomer, add_identity, create_customer, update_customer
from carecenter.app.commands.privacy import erase_customer
from carecenter.app.queries.customer360 import customer_360
from carecenter.app.queries.identify import identify, search_customers
from carecenter.app.queries.screen_pop import screen_pop
from carecenter.domain.customers.model import Address
from carecenter.web.access import Ctx, current, rule
from carecenter.web.api import serialise


class AddressIn(msgspec.Struct):
    line: str
    ward_code: str | None = None
    ward_name: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    old_province: str | None = None
    old_district: str | None = None
    old_ward: str | None = None


class CustomerIn(msgspec.Struct):
    name: str
    kind: str = "person"
    phones: list[str] = []
    emails: list[str] = []
    national_id: str | None = None
    tax_code: str | None = None
    region_code: str | None = None
    branch_code: str | None = None
    date_of_birth: date | None = None
    address: AddressIn | None = None
    consent_marketing: bool = False


class CustomerPatch(msgspec.Struct):
    version: int
    name: str | None = None
    segment: str | None = None
    region_code: str | None = None
    consent_marketing: bool | None = None
    consent_data_processing: bool | None = None


class IdentityIn(msgspec.Struct):
    kind: str
    value: str


class EraseIn(msgspec.Struct):
    reason: str


@get("/api/v1/customers", opt=rule("customers.read", reads_customer=True), sync_to_thread=True)
def search(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    q: FromQuery[str] = "",
    limit: Annotated[int, Parameter(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Accent-insensitive search by name, phone fragment, account number or address."""
    found = search_customers(ctx, current(request).actor, q, limit, screen=f"GET {request.url.path}")
    return {"query": q, "results": [serialise.summary(c) for c in found]}


@get("/api/v1/identify", opt=rule("customers.read", reads_customer=True), sync_to_thread=True)
def identify_caller(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    phone: FromQuery[str | None] = None,
    email: FromQuery[str | None] = None,
    account: FromQuery[str | None] = None,
) -> dict[str, Any]:
    """Caller ID, email, account or meter number -> `found` (one), `candidates` (several) or `new_caller`."""
    result = identify(
        ctx,
        current(request).actor,
        phone=phone,
        email=email,
        account=account,
        screen=f"GET {request.url.path}",
    )
    return serialise.identification(result)


@get("/api/v1/screen-pop", opt=rule("customers.read", reads_customer=True), sync_to_thread=True)
def screen_pop_for(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    phone: FromQuery[str | None] = None,
    email: FromQuery[str | None] = None,
    account: FromQuery[str | None] = None,
) -> dict[str, Any]:
    """Identify (as /identify) and, with exactly one match, include its customer 360 — one round trip."""
    pop = screen_pop(
        ctx, current(request).actor, phone=phone, email=email, account=account, screen=f"GET {request.url.path}"
    )
    return {
        **serialise.identification(pop.identification),
        "customer_360": serialise.customer_360(pop.view) if pop.view else None,
    }


@post("/api/v1/customers", opt=rule("customers.write"), sync_to_thread=True)
def create(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[CustomerIn]) -> dict[str, Any]:
    address = Address(**msgspec.structs.asdict(data.address)) if data.address else None
    new = NewCustomer(
        name=data.name,
        kind=data.kind,
        phones=tuple(data.phones),
        emails=tuple(data.emails),
        national_id=data.national_id,
        tax_code=data.tax_code,
        region_code=data.region_code,
        branch_code=data.branch_code,
        date_of_birth=data.date_of_birth,
        address=address,
        consent_marketing=data.consent_marketing,
    )
    return {"id": create_customer(ctx, current(request).actor, new, source="api")}


@get(
    "/api/v1/customers/{customer_id:int}",
    opt=rule("customers.read", reads_customer=True),
    sync_to_thread=True,
)
def read(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int]) -> dict[str, Any]:
    """The customer 360: profile, identities, premises, services, bills, payments, open items, timeline."""
    view = customer_360(ctx, current(request).actor, customer_id, screen=f"GET {request.url.path}")
    return serialise.customer_360(view)


@patch("/api/v1/customers/{customer_id:int}", opt=rule("customers.write"), sync_to_thread=True)
def change(
    request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int], data: JSONBody[CustomerPatch]
) -> dict[str, Any]:
    updated = update_customer(
        ctx,
        current(request).actor,
        customer_id,
        data.version,
        name=data.name,
        segment=data.segment,
        region_code=data.region_code,
        consent_marketing=data.consent_marketing,
        consent_data_processing=data.consent_data_processing,
    )
    return serialise.customer(updated)


@post("/api/v1/customers/{customer_id:int}/identities", opt=rule("customers.write"), sync_to_thread=True)
def new_identity(
    request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int], data: JSONBody[IdentityIn]
) -> dict[str, Any]:
    identity = add_identity(ctx, current(request).actor, customer_id, data.kind, data.value)
    return {
        "id": identity.id,
        "kind": identity.kind.value,
        "value": identity.value,
        "is_primary": identity.is_primary,
    }


@post(
    "/api/v1/customers/{customer_id:int}/erase",
    opt=rule("customers.erase"),
    sync_to_thread=True,
    status_code=200,
)
def erase(
    request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int], data: JSONBody[EraseIn]
) -> dict[str, Any]:
    """Erase the customer's personal data on their request (Decree 13/2023); history stays, anonymised."""
    erase_customer(ctx, current(request).actor, customer_id, data.reason)
    return {"id": customer_id, "erased": True}


ROUTES = [search, identify_caller, screen_pop_for, create, read, change, new_identity, erase]
