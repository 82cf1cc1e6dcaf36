"""Building blocks for tests: a controllable clock, staff of every role, customers with their services,
bills and contacts — all made through the application's own commands and repositories, so a test
starts from data the product itself could have written.

Import as `from tests.factories import make_customer, SYSTEM, ...`. Everything takes the `AppContext`
(`container.context`) unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select

from carecenter.adapters.db import tables
from carecenter.app.commands.auth import create_api_token
from carecenter.app.commands.customers import NewCustomer, create_customer, reindex
from carecenter.app.commands.users import create_user
from carecenter.app.context import AppContext, actor_of
from carecenter.app.ports.users import User
from carecenter.domain.access.permissions import Actor, Role
from carecenter.domain.customers.model import Address, Bill, ServiceAccount, ServiceKind, ServiceStatus
from carecenter.domain.interactions.model import DEFAULT_REASONS, Channel, Direction, Interaction, InteractionStatus

# The actor for set-up work that no logged-in person does (user id 0 never exists in `users`).
SYSTEM = Actor(user_id=0, username="system", role=Role.ADMIN)

PASSWORD = "correct horse battery"  # of every user made here
START = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # a Monday, 10:00 in Ho Chi Minh City

# Packages the tests can switch between: two of each kind so "change package" has somewhere to go.
PRODUCTS: tuple[tuple[str, str, str, int], ...] = (
    ("FIBER100", "Fiber 100 Mbps", "internet", 180_000),
    ("FIBER300", "Fiber 300 Mbps", "internet", 300_000),
    ("MOBILE_BASIC", "Mobile basic", "mobile", 70_000),
    ("MOBILE_MAX", "Mobile max", "mobile", 150_000),
    ("POWER_RES", "Residential tariff", "electricity", 0),
)


@dataclass
class FakeClock:
    """A clock that stands still until a test moves it (implements app.ports.Clock)."""

    current: datetime = START

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@dataclass(frozen=True)
class Staff:
    """A user of one role with a live API token; `headers` authenticate an HTTP request as them."""

    user: User
    token: str
    headers: dict[str, str] = field(repr=False)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def actor(self) -> Actor:
        return actor_of(self.user)


def seed_reference_data(engine: Engine) -> None:
    """Contact reasons (when the migrations did not add them) and a small product catalogue.

    Demo seeding brings the full catalogue; tests need a few packages to switch between.
    """
    with engine.begin() as connection:
        if not connection.execute(select(tables.contact_reasons.c.id).limit(1)).first():
            connection.execute(
                insert(tables.contact_reasons),
                [
                    {"tenant_id": 1, "code": r.code, "label_en": r.label_en, "label_vi": r.label_vi}
                    for r in DEFAULT_REASONS
                ],
            )
        if not connection.execute(select(tables.products.c.id).limit(1)).first():
            connection.execute(
                insert(tables.products),
                [
                    {"tenant_id": 1, "code": c, "name": n, "service_kind": k, "monthly_fee_vnd": fee, "active": True}
                    for c, n, k, fee in PRODUCTS
                ],
            )


_serial = iter(range(1, 10**9))


def make_user(
    ctx: AppContext,
    role: Role | str,
    username: str | None = None,
    region_code: str | None = None,
    all_regions: bool = False,
    password: str = PASSWORD,
) -> User:
    """A user made by the `users.admin` command (back-office users default to region MN)."""
    role = Role(role)
    if role is Role.BACK_OFFICE and region_code is None and not all_regions:
        region_code = "MN"
    username = username or f"{role.value}{next(_serial)}"
    user_id = create_user(ctx, SYSTEM, username, "", password, role.value, region_code, all_regions)
    with ctx.uow() as uow:
        return uow.users.get(user_id)


def make_staff(ctx: AppContext, role: Role | str, **kwargs: Any) -> Staff:
    """`make_user` plus an API token for it."""
    user = make_user(ctx, role, **kwargs)
    _token_id, secret = create_api_token(ctx, actor_of(user), "tests")
    return Staff(user, secret, {"Authorization": f"Bearer {secret}"})


def make_customer(
    ctx: AppContext,
    name: str = "Nguyễn Văn An",
    phones: Iterable[str] = ("0912345678",),
    emails: Iterable[str] = (),
    region_code: str | None = "MN",
    kind: str = "person",
    national_id: str | None = None,
    address: Address | None = None,
    actor: Actor = SYSTEM,
) -> int:
    """A customer made by `create_customer` (so searchable and evented like any other)."""
    return create_customer(
        ctx,
        actor,
        NewCustomer(
            name=name,
            kind=kind,
            phones=tuple(phones),
            emails=tuple(emails),
            national_id=national_id,
            region_code=region_code,
            address=address,
        ),
        source="tests",
    )


def add_service(
    ctx: AppContext,
    customer_id: int,
    account_number: str,
    kind: ServiceKind | str = ServiceKind.INTERNET,
    product_code: str | None = "FIBER100",
    status: ServiceStatus | str = ServiceStatus.ACTIVE,
    meter_number: str | None = None,
) -> int:
    """A service account of the customer (through the repository; services come from branch systems)."""
    with ctx.uow() as uow:
        service_id = uow.services.add(
            customer_id,
            ServiceAccount(
                account_number=account_number,
                kind=ServiceKind(kind),
                status=ServiceStatus(status),
                product_code=product_code,
                meter_number=meter_number,
                activated_on=date(2024, 1, 15),
                customer_id=customer_id,
            ),
        )
        reindex(uow, customer_id)
        uow.commit()
    return service_id


def add_bill(
    ctx: AppContext, customer_id: int, service_id: int, period: str, amount_vnd: int, paid_vnd: int = 0
) -> int:
    year, month = (int(p) for p in period.split("-"))
    with ctx.uow() as uow:
        bill_id = uow.billing.add_bill(
            customer_id,
            Bill(
                period=period,
                amount_vnd=amount_vnd,
                due_date=date(year, month, 20),
                paid_vnd=paid_vnd,
                service_account_id=service_id,
            ),
        )
        uow.commit()
    return bill_id


def add_contact(
    ctx: AppContext,
    customer_id: int | None,
    agent_id: int | None = None,
    status: InteractionStatus | str = InteractionStatus.CLOSED,
    started_at: datetime | None = None,
    channel: Channel | str = Channel.VOICE,
    reason_code: str | None = "billing.inquiry",
) -> int:
    """A contact in the customer's history, e.g. an open call offered to `agent_id`.

    Written through the repository because routing (not a person's command) assigns open contacts.
    """
    status = InteractionStatus(status)
    started = started_at or ctx.clock.now()
    with ctx.uow() as uow:
        interaction_id = uow.interactions.add(
            Interaction(
                id=None,
                customer_id=customer_id,
                channel=Channel(channel),
                direction=Direction.INBOUND,
                started_at=started,
                ended_at=None if status is InteractionStatus.OPEN else started + timedelta(minutes=4),
                status=status,
                agent_id=agent_id,
                reason_code=reason_code,
            )
        )
        uow.commit()
    return interaction_id


@dataclass(frozen=True)
class Household:
    customer_id: int
    service_id: int
    bill_ids: list[int]


def make_household(
    ctx: AppContext,
    name: str = "Trần Thị Bích",
    phone: str = "0987654321",
    region_code: str = "MN",
    account_number: str = "HCM-0001",
) -> Household:
    """A customer with an address, one active internet service and two bills (one unpaid)."""
    customer_id = make_customer(
        ctx,
        name=name,
        phones=(phone,),
        region_code=region_code,
        address=Address(line="12 Lê Lợi", ward_name="Phường Sài Gòn", province_name="TP. Hồ Chí Minh"),
        national_id="079123456789",
    )
    service_id = add_service(ctx, customer_id, account_number)
    bills = [
        add_bill(ctx, customer_id, service_id, "2026-01", 180_000, 180_000),
        add_bill(ctx, customer_id, service_id, "2026-02", 180_000, 0),
    ]
    return Household(customer_id, service_id, bills)


def rows(engine: Engine, table_name: str, **where: Any) -> list[dict[str, Any]]:
    """Every row of `table_name` matching the equality filters, oldest id first (for assertions)."""
    table = tables.metadata.tables[table_name]
    query = select(table).where(*(table.c[k] == v for k, v in where.items()))
    if "id" in table.c:
        query = query.order_by(table.c.id)
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]


def event_types(engine: Engine, aggregate: str | None = None, aggregate_id: int | None = None) -> list[str]:
    """The types of the events logged so far, oldest first, optionally for one aggregate."""
    where: dict[str, Any] = {}
    if aggregate is not None:
        where["aggregate"] = aggregate
    if aggregate_id is not None:
        where["aggregate_id"] = str(aggregate_id)
    return [r["type"] for r in rows(engine, "events", **where)]
