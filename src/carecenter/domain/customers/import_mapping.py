"""Reading a branch export: which column holds which of our fields, and what one row's values mean.

A mapping is JSON (or YAML) like `{"columns": {"name": "Họ tên", "phones": ["Số điện thoại", "SĐT 2"]},
"values": {"service_kind": {"Cáp quang": "internet"}}}`; a bare `{"name": "Họ tên", ...}` is read as
the `columns` part. Headers match exactly first, then without case and accents (exports are typed by
hand, "Ho ten" and "HỌ TÊN" both occur). Values are read the Vietnamese way: dates day first
(31/12/2025), money with dots as thousands separators (1.250.000 đ).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from carecenter.domain.customers.model import Address, ServiceAccount, ServiceKind, ServiceStatus
from carecenter.domain.customers.vietnam import BRANCHES_BY_CODE, PROVINCES, Province
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.search.folding import fold

# Our fields, in the order the docs (docs/import.md) and the import page explain them.
FIELDS: tuple[str, ...] = (
    "customer_key", "name", "kind", "phones", "emails", "national_id", "tax_code", "date_of_birth",
    "address_line", "ward", "province", "old_province", "old_district", "old_ward",
    "account_number", "service_kind", "service_status", "product_code", "meter_number", "activated_on",
    "bill_period", "bill_amount", "bill_due_date", "bill_paid",
)  # fmt: skip
MULTI_COLUMN = frozenset({"phones", "emails"})
HEADER_ROW = 1  # the report names header problems as row 1, where a spreadsheet shows the headers

_ALIASES: dict[str, dict[str, str]] = {
    "kind": {"person": "person", "ca nhan": "person", "ho gia dinh": "person", "business": "business",
             "doanh nghiep": "business", "to chuc": "business", "cong ty": "business"},
    "service_kind": {"internet": "internet", "cap quang": "internet", "ftth": "internet", "adsl": "internet",
                     "mobile": "mobile", "di dong": "mobile", "tra sau": "mobile", "electricity": "electricity",
                     "dien": "electricity", "dien sinh hoat": "electricity", "leased line": "leased_line",
                     "kenh thue rieng": "leased_line"},
    "service_status": {"active": "active", "hoat dong": "active", "dang hoat dong": "active",
                       "dang su dung": "active", "suspended": "suspended", "tam ngung": "suspended",
                       "tam dung": "suspended", "terminated": "terminated", "da huy": "terminated",
                       "thanh ly": "terminated", "cham dut": "terminated", "pending": "pending",
                       "cho lap dat": "pending", "cho": "pending"},
}  # fmt: skip
_PAID_WORDS = {"yes": True, "y": True, "x": True, "1": True, "true": True, "co": True, "da": True,
               "da thanh toan": True, "no": False, "n": False, "0": False, "false": False, "khong": False,
               "chua": False, "chua thanh toan": False}  # fmt: skip
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
_PERIOD = re.compile(r"^(?:(\d{4})[-/.](\d{1,2})|(?:t|thang)?\s*(\d{1,2})[-/.](\d{4}))$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_SPLIT = re.compile(r"[,;/\n]+")
_PROVINCE_PREFIX = re.compile(r"^(thanh pho|tp\.?|tinh)\s+")


@lru_cache(maxsize=8192)  # exports repeat the same few values (kinds, statuses, provinces) on every row
def _key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").split())


@dataclass(frozen=True)
class ReportLine:
    """One bad value: the spreadsheet row (headers are row 1), our field, its column header, and why."""

    row: int
    field: str
    reason: str
    column: str | None = None


@dataclass(frozen=True)
class ColumnMapping:
    headers: tuple[str, ...]
    columns: dict[str, tuple[int, ...]]  # our field -> positions of its columns in the file
    aliases: dict[str, dict[str, str]]  # field -> folded file value -> our value

    def column_of(self, field: str) -> str | None:
        positions = self.columns.get(field, ())
        return self.headers[positions[0]] if positions else None

    def cells(self, values: Sequence[str]) -> dict[str, list[str]]:
        """Our field -> the non-empty texts of its columns in one row."""
        out: dict[str, list[str]] = {}
        for field, positions in self.columns.items():
            texts = [values[p].strip() for p in positions if p < len(values)]
            out[field] = [t for t in texts if t]
        return out


def parse_mapping(raw: Mapping[str, object], headers: Sequence[str]) -> ColumnMapping:
    """A validated mapping of `raw` onto the file's `headers`; InvalidInput names every bad entry."""
    columns_raw = raw.get("columns", raw) if isinstance(raw.get("columns"), Mapping) else raw
    assert isinstance(columns_raw, Mapping)
    problems: list[FieldProblem] = []
    exact = {h.strip(): i for i, h in enumerate(headers)}
    folded: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        folded.setdefault(_key(h), []).append(i)
    columns: dict[str, tuple[int, ...]] = {}
    for field, wanted in columns_raw.items():
        if field in ("values", "columns"):
            continue
        if field not in FIELDS:
            problems.append(FieldProblem(f"mapping.{field}", f"unknown field; use one of {', '.join(FIELDS)}"))
            continue
        names = wanted if isinstance(wanted, list) else [wanted]
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(FieldProblem(f"mapping.{field}", "must name a column header (or a list of them)"))
            continue
        if len(names) > 1 and field not in MULTI_COLUMN:
            problems.append(FieldProblem(f"mapping.{field}", "only phones and emails may take several columns"))
            continue
        positions = []
        for name in names:
            found = exact.get(name.strip())
            loose = folded.get(_key(name), [])
            if found is None and len(loose) == 1:
                found = loose[0]
            if found is None:
                problems.append(FieldProblem(f"mapping.{field}", f"the file has no column {name!r}"))
            else:
                positions.append(found)
        columns[field] = tuple(positions)
    if "name" not in columns_raw:
        problems.append(FieldProblem("mapping.name", "the name column is required"))
    aliases = {field: dict(table) for field, table in _ALIASES.items()}
    values = raw.get("values", {})
    for field, table in values.items() if isinstance(values, Mapping) else ():
        if field not in _ALIASES or not isinstance(table, Mapping):
            problems.append(FieldProblem(f"mapping.values.{field}", f"values can be given for {', '.join(_ALIASES)}"))
            continue
        aliases[field].update({_key(str(k)): str(v) for k, v in table.items()})
    if problems:
        raise InvalidInput(problems)
    return ColumnMapping(tuple(headers), columns, aliases)


def parse_date(text: str) -> date:
    day = text.strip().split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}; write 31/12/2025 or 2025-12-31")


def parse_period(text: str) -> str:
    """The billing month as YYYY-MM from "2025-05", "05/2025", "T5/2025" or a full date."""
    match = _PERIOD.match(_key(text).replace(" ", "")) or _PERIOD.match(_key(text))
    if match:
        year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
        if 1 <= int(month) <= 12:
            return f"{year}-{int(month):02d}"
    try:
        return parse_date(text).strftime("%Y-%m")
    except ValueError:
        raise ValueError(f"not a billing month: {text!r}; write 2025-05 or 05/2025") from None


def parse_vnd(text: str) -> int:
    """Whole đồng from "1.250.000 đ", "1,250,000", "1250000" or "1 250 000"; VND has no minor unit."""
    compact = re.sub(r"(?i)\s*(vnđ|vnd|đồng|đ)$", "", text.strip())
    if compact.isdigit():
        return int(compact)
    if _THOUSANDS.match(compact):
        return int(re.sub(r"\D", "", compact))
    if re.fullmatch(r"-\s*[\d.,\s]+", compact):
        raise ValueError(f"amount cannot be negative: {text!r}")
    raise ValueError(f"not an amount in whole đồng: {text!r}")


_PROVINCES = {_PROVINCE_PREFIX.sub("", _key(p.name)): p for p in PROVINCES}
_WARDS = {(p.code, _key(w.name)): w for p in PROVINCES for w in p.wards}


def resolve_province(text: str) -> Province | None:
    """The current province named `text` ("Hà Nội", "TP. Hà Nội", "Thành phố Hà Nội"), if any."""
    return _PROVINCES.get(_PROVINCE_PREFIX.sub("", _key(text)))


def _first(cells: dict[str, list[str]], field: str) -> str | None:
    return cells[field][0] if cells.get(field) else None


def _address(cells: dict[str, list[str]]) -> Address | None:
    def one(field: str) -> str | None:
        return _first(cells, field)

    if not any(one(f) for f in ("address_line", "ward", "province", "old_province", "old_district", "old_ward")):
        return None
    province_text, ward_text = one("province"), one("ward")
    province = resolve_province(province_text) if province_text else None
    ward = None
    if province and ward_text:
        ward = _WARDS.get((province.code, _key(ward_text)))
    return Address(
        line=one("address_line") or "",
        ward_code=ward.code if ward else None,
        ward_name=ward.name if ward else ward_text,
        province_code=province.code if province else None,
        province_name=province.name if province else province_text,
        old_province=one("old_province"),
        old_district=one("old_district"),
        old_ward=one("old_ward"),
    )


@dataclass(frozen=True)
class BillLine:
    account_number: str
    period: str
    amount_vnd: int
    due_date: date
    paid_vnd: int


@dataclass(frozen=True)
class ImportRow:
    """One spreadsheet row, parsed. Customer values stay raw: `build_customer` validates them."""

    number: int
    key: str
    name: str
    kind: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    national_id: str | None
    tax_code: str | None
    date_of_birth: date | None
    region_code: str | None
    branch_code: str | None
    address: Address | None
    service: ServiceAccount | None
    bill: BillLine | None


def parse_row(mapping: ColumnMapping, number: int, values: Sequence[str], source: str,
              report: list[ReportLine]) -> ImportRow:  # fmt: skip
    """Parse row `number`; every bad value is appended to `report` (nothing raised)."""
    cells = mapping.cells(values)

    def one(field: str) -> str | None:
        return cells[field][0] if cells.get(field) else None

    def bad(field: str, reason: str) -> None:
        report.append(ReportLine(number, field, reason, mapping.column_of(field)))

    def parsed(field: str, parser: Callable[[str], object]) -> object:
        text = one(field)
        if text is None:
            return None
        try:
            return parser(text)
        except ValueError as exc:
            bad(field, str(exc))
            return None

    def alias(field: str) -> str | None:
        text = one(field)
        return None if text is None else mapping.aliases[field].get(_key(text), text)

    address = _address(cells)
    province = resolve_province(address.province_name) if address and address.province_name else None
    branch = BRANCHES_BY_CODE.get(source)
    service = bill = None
    account = one("account_number")
    kind_text = alias("service_kind")
    if account:
        try:
            kind = ServiceKind(kind_text or "")
        except ValueError:
            bad("service_kind", f"unknown service kind {one('service_kind') or ''!r}; use one of "
                + ", ".join(k.value for k in ServiceKind) if kind_text else "service kind is required")  # fmt: skip
            kind = ServiceKind.INTERNET
        try:
            status = ServiceStatus(alias("service_status") or ServiceStatus.ACTIVE.value)
        except ValueError:
            bad("service_status", f"unknown status {one('service_status')!r}; use active, suspended, "
                "terminated or pending")  # fmt: skip
            status = ServiceStatus.ACTIVE
        activated = parsed("activated_on", parse_date)
        service = ServiceAccount(account, kind, status, one("product_code"), meter_number=one("meter_number"),
                                 activated_on=activated if isinstance(activated, date) else None)  # fmt: skip
    elif kind_text or one("meter_number"):
        bad("account_number", "a service needs an account number")
    bill_fields = ("bill_period", "bill_amount", "bill_due_date", "bill_paid")
    if any(one(f) for f in bill_fields):
        period = parsed("bill_period", parse_period)
        amount = parsed("bill_amount", parse_vnd)
        due = parsed("bill_due_date", parse_date)
        for field in bill_fields[:3]:
            if one(field) is None:
                bad(field, "required for a bill")
        paid_text, paid = one("bill_paid"), 0
        if paid_text and isinstance(amount, int):
            word = _PAID_WORDS.get(_key(paid_text))
            try:
                paid = (amount if word else 0) if word is not None else parse_vnd(paid_text)
            except ValueError as exc:
                bad("bill_paid", f"{exc}; or write yes / no")
            if paid > amount:
                bad("bill_paid", f"paid {paid:,} is more than the bill amount {amount:,}")
        if not account:
            bad("account_number", "a bill needs the service account number")
        elif isinstance(period, str) and isinstance(amount, int) and isinstance(due, date):
            bill = BillLine(account, period, amount, due, paid)
    dob = parsed("date_of_birth", parse_date)
    return ImportRow(
        number=number,
        key=one("customer_key") or f"row {number}",
        name=one("name") or "",
        kind=alias("kind") or "person",
        phones=tuple(p.strip() for text in cells.get("phones", []) for p in _SPLIT.split(text) if p.strip()),
        emails=tuple(e.strip() for text in cells.get("emails", []) for e in _SPLIT.split(text) if e.strip()),
        national_id=one("national_id"),
        tax_code=one("tax_code"),
        date_of_birth=dob if isinstance(dob, date) else None,
        region_code=province.region_code if province else branch.region_code if branch else None,
        branch_code=branch.code if branch else province.branch_code if province else None,
        address=address,
        service=service,
        bill=bill,
    )
