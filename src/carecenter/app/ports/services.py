"""Service accounts, their change log, bills and payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from carecenter.domain.customers.model import Bill, ServiceAccount


@dataclass(frozen=True)
class ServiceChange:
    service_account_id: int
    action: str  # suspend | restore | change_package
    from_value: str | None
    to_value: str | None
    reason: str
    actor_id: int | None
    at: datetime


@dataclass(frozen=True)
class Payment:
    bill_id: int | None
    amount_vnd: int
    paid_at: datetime
    method: str


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    service_kind: str
    monthly_fee_vnd: int
    active: bool = True


@dataclass(frozen=True)
class Promotion:
    code: str
    name: str
    product_code: str | None
    discount_percent: int
    valid_from: date
    valid_to: date


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    branches: tuple[tuple[str, str], ...]  # (code, name)


class ServiceRepository(Protocol):
    def of_customer(self, customer_id: int) -> list[tuple[ServiceAccount, int]]:
        """The customer's services with their row versions."""
        ...

    def get(self, service_id: int) -> tuple[ServiceAccount, int]:
        """A service and its version; NotFound when absent."""
        ...

    def add(self, customer_id: int, service: ServiceAccount) -> int: ...

    def save(self, service: ServiceAccount, expected_version: int) -> int:
        """Compare-and-set; returns the new version or raises Conflict."""
        ...

    def record_change(self, change: ServiceChange) -> None: ...

    def changes_of(self, service_id: int, limit: int = 20) -> list[ServiceChange]: ...


class BillingRepository(Protocol):
    def bills_of(self, customer_id: int, limit: int = 12) -> list[Bill]:
        """Newest period first."""
        ...

    def payments_of(self, customer_id: int, limit: int = 12) -> list[Payment]: ...

    def add_bill(self, customer_id: int, bill: Bill) -> int: ...


class CatalogueRepository(Protocol):
    def products(self, active_only: bool = True) -> list[Product]: ...

    def product(self, code: str) -> Product | None: ...

    def promotions(self, on: date) -> list[Promotion]: ...

    def save_product(self, product: Product) -> bool:
        """Insert or update by code; True when it was new."""
        ...

    def add_promotion(self, promotion: Promotion) -> None:
        """Conflict when the code is taken."""
        ...

    def regions(self) -> list[Region]:
        """Regions with their branches, by code."""
        ...
