"""Importing a branch's customer export: check every row, then write all of it or nothing.

A rejected file writes exactly one thing, the batch with its report, so the branch can see later what
was wrong. An accepted file is written in one transaction: customers, identities, premises, services,
bills, search documents, the batch and one `ImportCompleted` event. One event, not one per customer:
a 10,000-row file would otherwise push 10,000 events through the live bus (wallboards, SSE) in one
burst; the event carries every new customer id, and `customers.source` names the branch, so a listener
or an auditor can still trace each customer to its import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from carecenter.app.commands.customers import NewCustomer, build_customer, search_document_of
from carecenter.app.context import AppContext
from carecenter.app.ports.imports import ImportedCustomer
from carecenter.app.queries.duplicates import pairs_involving
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.import_mapping import (
    HEADER_ROW,
    BillLine,
    ColumnMapping,
    ImportRow,
    ReportLine,
    parse_mapping,
    parse_row,
)
from carecenter.domain.customers.model import Address, Customer, Premise, ServiceAccount
from carecenter.domain.errors import FieldProblem, InvalidInput, ProblemCollector
from carecenter.domain.events import event
from carecenter.domain.search.folding import fold

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class PlannedCustomer:
    key: str
    row: int
    customer: Customer
    premises: list[Address] = field(default_factory=list)
    services: list[tuple[ServiceAccount, int | None]] = field(default_factory=list)  # with premise index
    bills: list[BillLine] = field(default_factory=list)


class ImportPlan:
    """The file's rows grouped into customers, with the rules that span rows.

    Rows with the same customer key are one customer (first row's values; later rows may add phones,
    premises, services and bills, but must not rename the customer). An account number belongs to one
    customer and one kind of service; a bill appears once per account and month.
    """

    def __init__(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self.customers: dict[str, PlannedCustomer] = {}
        self.accounts: dict[str, tuple[str, int, ServiceAccount]] = {}  # number -> key, first row, service
        self.bills: dict[tuple[str, str], int] = {}

    def bad(self, report: list[ReportLine], row: int, field_: str, reason: str) -> None:
        report.append(ReportLine(row, field_, reason, self.mapping.column_of(field_)))

    def add(self, row: ImportRow, customer: Customer, report: list[ReportLine]) -> None:
        planned = self.customers.get(row.key)
        if planned is None:
            planned = self.customers[row.key] = PlannedCustomer(row.key, row.number, customer)
        elif fold(" ".join(customer.name.split())) != fold(planned.customer.name):
            self.bad(report, row.number, "name", f"differs from row {planned.row} for the same customer key {row.key}")
        else:
            have = {(i.kind, i.value) for i in planned.customer.identities}
            kinds = {i.kind for i in planned.customer.identities}
            extra = tuple(
                replace(i, is_primary=i.kind not in kinds) for i in customer.identities if (i.kind, i.value) not in have
            )
            planned.customer = replace(planned.customer, identities=planned.customer.identities + extra)
        premise = None
        if row.address is not None:
            if row.address not in planned.premises:
                planned.premises.append(row.address)
            premise = planned.premises.index(row.address)
        if row.service is not None:
            number = row.service.account_number
            seen = self.accounts.get(number)
            if seen is None:
                self.accounts[number] = (row.key, row.number, row.service)
                planned.services.append((row.service, premise))
            elif seen[0] != row.key:
                self.bad(report, row.number, "account_number", f"account {number} is already in row {seen[1]}")
            elif seen[2].kind != row.service.kind:
                self.bad(report, row.number, "service_kind", f"differs from row {seen[1]} for account {number}")
        if row.bill is not None:
            key = (row.bill.account_number, row.bill.period)
            if key in self.bills:
                self.bad(
                    report,
                    row.number,
                    "bill_period",
                    f"the {key[1]} bill of {key[0]} is already in row {self.bills[key]}",
                )
            else:
                self.bills[key] = row.number
                planned.bills.append(row.bill)


@dataclass(frozen=True)
class ImportOutcome:
    status: str  # imported | rejected | checked (a dry run that found nothing wrong)
    batch_id: int | None
    rows: int
    problems: tuple[ReportLine, ...] = ()
    customers: int = 0
    premises: int = 0
    services: int = 0
    bills: int = 0
    possible_duplicates: int = 0
    customer_ids: tuple[int, ...] = ()

    def report(self) -> dict[str, Any]:
        """The JSON stored with the batch and shown to the user."""
        return {
            "status": self.status,
            "rows": self.rows,
            "customers": self.customers,
            "premises": self.premises,
            "services": self.services,
            "bills": self.bills,
            "possible_duplicates": self.possible_duplicates,
            "errors": [{"row": p.row, "field": p.field, "column": p.column, "reason": p.reason} for p in self.problems],
        }


def import_customers(
    ctx: AppContext,
    actor: Actor,
    filename: str,
    data: BinaryIO,
    source: str,
    mapping: Mapping[str, object],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import a branch export (CSV or XLSX) mapped by `mapping` (see domain.customers.import_mapping).

    Every bad value in the whole file is reported; if there is any, nothing is imported and the batch
    is recorded as rejected (not on a dry run, which writes nothing). Raises InvalidInput only for a
    missing source or an unreadable file, Forbidden without `customers.import`.
    """
    actor.require("customers.import")
    source = source.strip()
    if not source or len(source) > 64:
        raise InvalidInput(FieldProblem("source", "name the source branch (up to 64 characters)"))
    if ctx.readers is None:
        raise RuntimeError("no spreadsheet reader is wired into the AppContext")
    sheet = ctx.readers.open(filename, data)
    report: list[ReportLine] = []
    rows = 0
    plan: ImportPlan | None = None
    try:
        plan = ImportPlan(parse_mapping(mapping, sheet.headers))
    except InvalidInput as exc:
        report += [ReportLine(HEADER_ROW, p.field, p.reason) for p in exc.problems]
    if plan is not None:
        for number, values in sheet.rows():
            rows += 1
            _plan_row(plan, number, values, source, report)
            if progress and rows % 250 == 0:
                progress("check", rows, sheet.estimated_rows)
        if rows == 0:
            report.append(ReportLine(HEADER_ROW, "file", "the file has no data rows below the headers"))
    with ctx.uow() as uow:
        if plan is not None:
            for account in sorted(uow.imports.taken_account_numbers(list(plan.accounts))):
                plan.bad(report, plan.accounts[account][1], "account_number", f"account {account} already exists")
        report.sort(key=lambda line: line.row)
        now = ctx.clock.now()
        if report or dry_run or plan is None:
            outcome = _counted(plan, "rejected" if report else "checked", rows, tuple(report))
            if report and not dry_run:
                batch = uow.imports.add_batch(
                    filename, source, "rejected", rows, 0, outcome.report(), actor.user_id, now
                )
                uow.events.append(
                    event(
                        "ImportRejected",
                        "import_batch",
                        batch,
                        filename=filename,
                        source=source,
                        rows=rows,
                        problems=len(report),
                    ),
                    actor.user_id,
                    now,
                )
                uow.commit()
                outcome = replace(outcome, batch_id=batch)
            return outcome
        if progress:
            progress("write", 0, len(plan.customers))
        ids = uow.imports.add_imported(_records(plan), source, now)
        if progress:
            progress("write", len(ids), len(plan.customers))
        duplicates = len(pairs_involving(uow, ids))
        outcome = replace(_counted(plan, "imported", rows, ()), possible_duplicates=duplicates, customer_ids=tuple(ids))
        batch = uow.imports.add_batch(filename, source, "imported", rows, rows, outcome.report(), actor.user_id, now)
        uow.events.append(
            event(
                "ImportCompleted",
                "import_batch",
                batch,
                filename=filename,
                source=source,
                rows=rows,
                customers=outcome.customers,
                services=outcome.services,
                bills=outcome.bills,
                possible_duplicates=duplicates,
                customer_ids=ids,
            ),
            actor.user_id,
            now,
        )
        uow.commit()
    return replace(outcome, batch_id=batch)


def _plan_row(plan: ImportPlan, number: int, values: list[str], source: str, report: list[ReportLine]) -> None:
    row = parse_row(plan.mapping, number, values, source, report)
    problems = ProblemCollector()
    customer = build_customer(
        NewCustomer(
            name=row.name,
            kind=row.kind,
            phones=row.phones,
            emails=row.emails,
            national_id=row.national_id,
            tax_code=row.tax_code,
            region_code=row.region_code,
            branch_code=row.branch_code,
            date_of_birth=row.date_of_birth,
            address=row.address,
        ),
        problems,
    )
    for problem in problems.problems:
        plan.bad(report, number, problem.field.split(".")[0], problem.reason)
    plan.add(row, customer, report)


def _counted(plan: ImportPlan | None, status: str, rows: int, problems: tuple[ReportLine, ...]) -> ImportOutcome:
    planned = list(plan.customers.values()) if plan else []
    return ImportOutcome(
        status=status,
        batch_id=None,
        rows=rows,
        problems=problems,
        customers=len(planned),
        premises=sum(len(p.premises) for p in planned),
        services=sum(len(p.services) for p in planned),
        bills=sum(len(p.bills) for p in planned),
    )


def _records(plan: ImportPlan) -> list[ImportedCustomer]:
    """The planned customers as stored records, each with the search document `reindex` would build."""
    records = []
    for planned in plan.customers.values():
        accounts = [s.account_number for s, _ in planned.services]
        accounts += [s.meter_number for s, _ in planned.services if s.meter_number]
        premises = [Premise(address=a) for a in planned.premises]
        records.append(
            ImportedCustomer(
                customer=planned.customer,
                premises=tuple(planned.premises),
                services=tuple(planned.services),
                bills=tuple(planned.bills),
                search_document=search_document_of(planned.customer, premises, accounts),
            )
        )
    return records
