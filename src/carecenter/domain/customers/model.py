"""The customer as the whole company knows it, across branches and regions.

Plain frozen dataclasses: the app layer loads and saves them through repositories; nothing here
touches a database. Money is integer VND (VND has no minor unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum


class CustomerKind(StrEnum):
    PERSON = "person"
    BUSINESS = "business"


class IdentityKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    NATIONAL_ID = "national_id"
    TAX_CODE = "tax_code"


class Segment(StrEnum):
    VIP = "vip"
    SME = "sme"
    RESIDENTIAL = "residential"


class ServiceKind(StrEnum):
    INTERNET = "internet"
    LEASED_LINE = "leased_line"
    MOBILE = "mobile"
    ELECTRICITY = "electricity"


class ServiceStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


@dataclass(frozen=True)
class Identity:
    """A way to recognise the customer: phone (E.164), email (lower-case), national ID or tax code."""

    kind: IdentityKind
    value: str
    is_primary: bool = False
    id: int | None = None


@dataclass(frozen=True)
class Address:
    """An address in Vietnam's two-level administration (since 1 July 2025), keeping the old one.

    `province_code`/`ward_code` are the current units. `old_province`/`old_district`/`old_ward` are the
    names as written before the reform, kept so historic records and customers' memories still match.
    """

    line: str
    ward_code: str | None = None
    ward_name: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    old_province: str | None = None
    old_district: str | None = None
    old_ward: str | None = None

    def one_line(self) -> str:
        parts = [self.line, self.ward_name or "", self.province_name or ""]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Premise:
    address: Address
    network_node: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class ServiceAccount:
    account_number: str
    kind: ServiceKind
    status: ServiceStatus
    product_code: str | None
    premise_id: int | None = None
    meter_number: str | None = None
    activated_on: date | None = None
    id: int | None = None
    customer_id: int | None = None

    def suspended(self) -> ServiceAccount:
        from carecenter.domain.errors import Conflict

        if self.status != ServiceStatus.ACTIVE:
            raise Conflict(f"service {self.account_number} is {self.status}, only an active one can be suspended")
        return replace(self, status=ServiceStatus.SUSPENDED)

    def restored(self) -> ServiceAccount:
        from carecenter.domain.errors import Conflict

        if self.status != ServiceStatus.SUSPENDED:
            raise Conflict(f"service {self.account_number} is {self.status}, only a suspended one can be restored")
        return replace(self, status=ServiceStatus.ACTIVE)

    def with_package(self, product_code: str) -> ServiceAccount:
        from carecenter.domain.errors import Conflict

        if self.status == ServiceStatus.TERMINATED:
            raise Conflict(f"service {self.account_number} is terminated")
        if product_code == self.product_code:
            raise Conflict(f"service {self.account_number} already has package {product_code}")
        return replace(self, product_code=product_code)


@dataclass(frozen=True)
class Bill:
    """One billing statement. `arrears` is what is still owed on it."""

    period: str  # YYYY-MM
    amount_vnd: int
    due_date: date
    paid_vnd: int
    service_account_id: int
    id: int | None = None

    @property
    def arrears_vnd(self) -> int:
        return max(self.amount_vnd - self.paid_vnd, 0)

    def is_overdue(self, today: date) -> bool:
        return self.arrears_vnd > 0 and today > self.due_date


@dataclass(frozen=True)
class Customer:
    id: int | None
    kind: CustomerKind
    name: str
    segment: Segment = Segment.RESIDENTIAL
    region_code: str | None = None
    branch_code: str | None = None
    date_of_birth: date | None = None
    identities: tuple[Identity, ...] = ()
    consent_marketing: bool = False
    consent_data_processing: bool = True
    erased_at: datetime | None = None
    merged_into_id: int | None = None
    version: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    def identities_of(self, kind: IdentityKind) -> list[Identity]:
        return [i for i in self.identities if i.kind == kind]

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None
