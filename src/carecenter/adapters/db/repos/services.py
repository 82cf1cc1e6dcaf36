"""ServiceRepository, BillingRepository and CatalogueRepository on SQLAlchemy Core."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from carecenter.adapters.db.repos.base import Repository
from carecenter.adapters.db.tables import (
    bills,
    branches,
    payments,
    products,
    promotions,
    regions,
    service_accounts,
    service_changes,
)
from carecenter.app.ports.services import Payment, Product, Promotion, Region, ServiceChange
from carecenter.domain.customers.model import Bill, ServiceAccount, ServiceKind, ServiceStatus
from carecenter.domain.errors import Conflict, NotFound


def _service(row: Any) -> ServiceAccount:
    return ServiceAccount(
        id=row.id,
        customer_id=row.customer_id,
        account_number=row.account_number,
        kind=ServiceKind(row.kind),
        status=ServiceStatus(row.status),
        product_code=row.product_code,
        premise_id=row.premise_id,
        meter_number=row.meter_number,
        activated_on=row.activated_on,
    )


# Read on every customer 360: built once (see repos/customers.py).
_SERVICES_OF = (
    select(service_accounts)
    .where(service_accounts.c.customer_id == bindparam("id"), service_accounts.c.tenant_id == bindparam("tenant"))
    .order_by(service_accounts.c.id)
)
_BILLS_OF = (
    select(bills)
    .where(bills.c.customer_id == bindparam("id"), bills.c.tenant_id == bindparam("tenant"))
    .order_by(bills.c.period.desc(), bills.c.id.desc())
    .limit(bindparam("limit"))
)
_PAYMENTS_OF = (
    select(payments)
    .where(payments.c.customer_id == bindparam("id"), payments.c.tenant_id == bindparam("tenant"))
    .order_by(payments.c.paid_at.desc())
    .limit(bindparam("limit"))
)


class SqlServiceRepository(Repository):
    def of_customer(self, customer_id: int) -> list[tuple[ServiceAccount, int]]:
        return [
            (_service(r), r.version)
            for r in self.db.execute(_SERVICES_OF, {"id": customer_id, "tenant": self.tenant_id})
        ]

    def get(self, service_id: int) -> tuple[ServiceAccount, int]:
        row = self.db.execute(
            select(service_accounts).where(
                service_accounts.c.id == service_id, service_accounts.c.tenant_id == self.tenant_id
            )
        ).first()
        if row is None:
            raise NotFound(f"service {service_id} does not exist")
        return _service(row), row.version

    def add(self, customer_id: int, service: ServiceAccount) -> int:
        taken = self.db.execute(
            select(service_accounts.c.id).where(
                service_accounts.c.tenant_id == self.tenant_id,
                service_accounts.c.account_number == service.account_number,
            )
        ).first()
        if taken:
            raise Conflict(f"account number {service.account_number} is already in use")
        return int(
            self.db.execute(
                insert(service_accounts)
                .values(
                    tenant_id=self.tenant_id,
                    customer_id=customer_id,
                    premise_id=service.premise_id,
                    account_number=service.account_number,
                    kind=service.kind.value,
                    status=service.status.value,
                    product_code=service.product_code,
                    meter_number=service.meter_number,
                    activated_on=service.activated_on,
                    version=1,
                )
                .returning(service_accounts.c.id)
            ).scalar_one()
        )

    def save(self, service: ServiceAccount, expected_version: int) -> int:
        result = self.db.execute(
            update(service_accounts)
            .where(
                service_accounts.c.id == service.id,
                service_accounts.c.tenant_id == self.tenant_id,
                service_accounts.c.version == expected_version,
            )
            .values(
                status=service.status.value,
                product_code=service.product_code,
                customer_id=service.customer_id,
                version=expected_version + 1,
            )
        )
        if result.rowcount != 1:
            raise Conflict(f"service {service.account_number} was changed by someone else; reload and retry")
        return expected_version + 1

    def record_change(self, change: ServiceChange) -> None:
        self.db.execute(
            insert(service_changes).values(
                tenant_id=self.tenant_id,
                service_account_id=change.service_account_id,
                action=change.action,
                from_value=change.from_value,
                to_value=change.to_value,
                reason=change.reason,
                actor_id=change.actor_id,
                at=change.at,
            )
        )

    def changes_of(self, service_id: int, limit: int = 20) -> list[ServiceChange]:
        rows = self.db.execute(
            select(service_changes)
            .where(service_changes.c.service_account_id == service_id)
            .order_by(service_changes.c.at.desc())
            .limit(limit)
        ).all()
        return [
            ServiceChange(r.service_account_id, r.action, r.from_value, r.to_value, r.reason, r.actor_id, r.at)
            for r in rows
        ]


class SqlBillingRepository(Repository):
    def bills_of(self, customer_id: int, limit: int = 12) -> list[Bill]:
        rows = self.db.execute(_BILLS_OF, {"id": customer_id, "tenant": self.tenant_id, "limit": limit}).all()
        return [
            Bill(
                id=r.id,
                period=r.period,
                amount_vnd=r.amount_vnd,
                due_date=r.due_date,
                paid_vnd=r.paid_vnd,
                service_account_id=r.service_account_id,
            )
            for r in rows
        ]

    def payments_of(self, customer_id: int, limit: int = 12) -> list[Payment]:
        rows = self.db.execute(_PAYMENTS_OF, {"id": customer_id, "tenant": self.tenant_id, "limit": limit}).all()
        return [Payment(r.bill_id, r.amount_vnd, r.paid_at, r.method) for r in rows]

    def add_bill(self, customer_id: int, bill: Bill) -> int:
        return int(
            self.db.execute(
                insert(bills)
                .values(
                    tenant_id=self.tenant_id,
                    customer_id=customer_id,
                    service_account_id=bill.service_account_id,
                    period=bill.period,
                    amount_vnd=bill.amount_vnd,
                    due_date=bill.due_date,
                    paid_vnd=bill.paid_vnd,
                )
                .returning(bills.c.id)
            ).scalar_one()
        )


class SqlCatalogueRepository(Repository):
    def products(self, active_only: bool = True) -> list[Product]:
        query = select(products).where(products.c.tenant_id == self.tenant_id).order_by(products.c.code)
        if active_only:
            query = query.where(products.c.active.is_(True))
        return [
            Product(r.code, r.name, r.service_kind, r.monthly_fee_vnd, r.active) for r in self.db.execute(query).all()
        ]

    def product(self, code: str) -> Product | None:
        r = self.db.execute(
            select(products).where(products.c.tenant_id == self.tenant_id, products.c.code == code)
        ).first()
        return Product(r.code, r.name, r.service_kind, r.monthly_fee_vnd, r.active) if r else None

    def promotions(self, on: date) -> list[Promotion]:
        rows = self.db.execute(
            select(promotions)
            .where(
                promotions.c.tenant_id == self.tenant_id,
                promotions.c.valid_from <= on,
                promotions.c.valid_to >= on,
            )
            .order_by(promotions.c.code)
        ).all()
        return [Promotion(r.code, r.name, r.product_code, r.discount_percent, r.valid_from, r.valid_to) for r in rows]

    def save_product(self, product: Product) -> bool:
        values = {
            "name": product.name,
            "service_kind": product.service_kind,
            "monthly_fee_vnd": product.monthly_fee_vnd,
            "active": product.active,
        }
        changed = self.db.execute(
            update(products)
            .where(products.c.tenant_id == self.tenant_id, products.c.code == product.code)
            .values(**values)
        ).rowcount
        if changed:
            return False
        self.db.execute(insert(products).values(tenant_id=self.tenant_id, code=product.code, **values))
        return True

    def add_promotion(self, promotion: Promotion) -> None:
        taken = self.db.execute(
            select(promotions.c.id).where(promotions.c.tenant_id == self.tenant_id, promotions.c.code == promotion.code)
        ).first()
        if taken:
            raise Conflict(f"promotion code {promotion.code!r} is already in use")
        self.db.execute(
            insert(promotions).values(
                tenant_id=self.tenant_id,
                code=promotion.code,
                name=promotion.name,
                product_code=promotion.product_code,
                discount_percent=promotion.discount_percent,
                valid_from=promotion.valid_from,
                valid_to=promotion.valid_to,
            )
        )

    def regions(self) -> list[Region]:
        branch_rows = self.db.execute(
            select(branches).where(branches.c.tenant_id == self.tenant_id).order_by(branches.c.code)
        ).all()
        rows = self.db.execute(
            select(regions).where(regions.c.tenant_id == self.tenant_id).order_by(regions.c.code)
        ).all()
        return [
            Region(r.code, r.name, tuple((b.code, b.name) for b in branch_rows if b.region_code == r.code))
            for r in rows
        ]
