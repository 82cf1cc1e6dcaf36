"""Consolidating branch data: reading exported spreadsheets, import batches, and merging duplicates."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO, Protocol

from carecenter.domain.customers.import_mapping import BillLine
from carecenter.domain.customers.model import Address, Customer, Identity, ServiceAccount


class Sheet(Protocol):
    """One table of an export: its header row and its data rows, read as they are needed."""

    headers: list[str]
    estimated_rows: int  # data rows, for a progress bar; exact for CSV, from the sheet's dimension for XLSX

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as a spreadsheet shows it — headers are row 1 — , cell texts); blank rows skipped.

        Cells are text: numbers without a trailing ".0", dates as YYYY-MM-DD, empty cells as "".
        """
        ...


class TabularReader(Protocol):
    def open(self, filename: str, data: BinaryIO) -> Sheet:
        """The first sheet of a CSV (any delimiter; UTF-8, UTF-8 with BOM or Windows-1258) or XLSX file.

        Raises InvalidInput naming the field `file` when it is neither, or has no header row.
        """
        ...


@dataclass(frozen=True)
class ImportBatch:
    id: int
    filename: str
    source: str
    status: str  # rejected | imported
    rows_total: int
    rows_imported: int
    report: dict[str, Any]
    actor_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class CustomerProfile:
    """A live customer as the duplicate review shows it side by side with another."""

    id: int
    version: int
    name: str
    region_code: str | None
    phones: tuple[str, ...]
    national_ids: tuple[str, ...]
    tax_codes: tuple[str, ...]
    address_line: str
    ward_name: str | None
    province_code: str | None
    province_name: str | None
    services: int


@dataclass(frozen=True)
class ImportedCustomer:
    """One customer of an accepted import with everything that is theirs, ready to store."""

    customer: Customer
    premises: tuple[Address, ...]
    services: tuple[tuple[ServiceAccount, int | None], ...]  # with the index of its premise in `premises`
    bills: tuple[BillLine, ...]  # each names its service by account number
    search_document: str


class ImportRepository(Protocol):
    def add_imported(self, records: Sequence[ImportedCustomer], source: str, at: datetime) -> list[int]:
        """Store the customers (identities, premises, services, bills, search documents) in bulk, in the
        current transaction; returns the new customer ids in the order given."""
        ...

    def add_batch(
        self,
        filename: str,
        source: str,
        status: str,
        rows_total: int,
        rows_imported: int,
        report: dict[str, Any],
        actor_id: int | None,
        at: datetime,
    ) -> int: ...

    def batch(self, batch_id: int) -> ImportBatch:
        """NotFound when absent."""
        ...

    def recent_batches(self, limit: int = 20) -> list[ImportBatch]: ...

    def taken_account_numbers(self, numbers: Collection[str]) -> set[str]:
        """Those of `numbers` some service account already has."""
        ...

    def profiles(self) -> list[CustomerProfile]:
        """Every live customer (not merged away, not erased), for duplicate detection."""
        ...


class MergeRepository(Protocol):
    def move_identities(self, identities: list[Identity], to_customer_id: int) -> None:
        """Re-point these stored identities (by id) to another customer, with their `is_primary`."""
        ...

    def drop_identities(self, identities: list[Identity]) -> None: ...

    def move_records(self, from_customer_id: int, to_customer_id: int) -> dict[str, int]:
        """Re-point everything that belongs to a customer — premises, services, bills, payments,
        interactions, and any later table that refers to customers — and return the count per table.
        The read audit stays: it records whose record was read, which does not change."""
        ...

    def record(self, kept_id: int, merged_id: int, actor_id: int | None, at: datetime) -> int: ...

    def drop_search_document(self, customer_id: int) -> None: ...
