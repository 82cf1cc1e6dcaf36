"""Where customers, their identities and premises are kept and found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from carecenter.domain.customers.model import Customer, IdentityKind, Premise


@dataclass(frozen=True)
class CustomerSummary:
    """One line of a search result or an identification candidate."""

    id: int
    name: str
    kind: str
    segment: str
    region_code: str | None
    phone: str | None
    address: str | None
    erased: bool = False


class CustomerRepository(Protocol):
    def get(self, customer_id: int) -> Customer:
        """The customer with identities; NotFound when absent (merged-away records are still returned)."""
        ...

    def add(self, customer: Customer, at: datetime, source: str | None = None) -> int:
        """Insert the customer and its identities; returns the new id."""
        ...

    def update(self, customer: Customer, expected_version: int, at: datetime) -> Customer:
        """Compare-and-set on `version`: Conflict when someone saved since `expected_version`."""
        ...

    def add_identity(self, customer_id: int, kind: IdentityKind, value: str, is_primary: bool = False) -> int: ...

    def ids_by_identity(self, kind: IdentityKind, value: str) -> list[int]:
        """Live (not merged-away) customers holding this normalised identity."""
        ...

    def ids_by_account(self, number: str) -> list[int]:
        """Customers owning a service with this account number or meter number."""
        ...

    def erase_personal_data(self, customer_id: int) -> None:
        """Delete identities and blank address lines (ward/province stay for statistics)."""
        ...

    def premises_of(self, customer_id: int) -> list[Premise]: ...

    def add_premise(self, customer_id: int, premise: Premise) -> int: ...

    def set_search_document(self, customer_id: int, document: str) -> None: ...

    def search(self, terms: list[str], region_scope: str | None, limit: int) -> list[CustomerSummary]:
        """Customers whose folded document has every term as a token prefix; best first.

        `region_scope` None means every region; otherwise only that region's customers.
        """
        ...

    def summaries(self, ids: list[int]) -> list[CustomerSummary]: ...
