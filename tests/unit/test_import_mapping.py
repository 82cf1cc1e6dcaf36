"""Reading branch exports: the mapping format, Vietnamese values, and every bad value reported."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecenter.domain.customers.import_mapping import (
    ReportLine,
    parse_date,
    parse_mapping,
    parse_period,
    parse_row,
    parse_vnd,
    resolve_province,
)
from carecenter.domain.customers.model import ServiceKind, ServiceStatus
from carecenter.domain.errors import InvalidInput

HEADERS = ["Mã KH", "Họ tên", "SĐT", "SĐT 2", "Số HĐ", "Dịch vụ", "Trạng thái", "Kỳ", "Số tiền", "Hạn", "Đã TT",
           "Tỉnh", "Phường"]  # fmt: skip
MAPPING = {
    "columns": {
        "customer_key": "Mã KH",
        "name": "Họ tên",
        "phones": ["SĐT", "SĐT 2"],
        "account_number": "Số HĐ",
        "service_kind": "Dịch vụ",
        "service_status": "Trạng thái",
        "bill_period": "Kỳ",
        "bill_amount": "Số tiền",
        "bill_due_date": "Hạn",
        "bill_paid": "Đã TT",
        "province": "Tỉnh",
        "ward": "Phường",
    },
    "values": {"service_kind": {"Gói gia đình": "internet"}},
}


def _row(*cells: str, source: str = "HN01") -> tuple[object, list[ReportLine]]:
    report: list[ReportLine] = []
    row = parse_row(parse_mapping(MAPPING, HEADERS), 7, list(cells), source, report)
    return row, report


def test_a_good_row_becomes_a_service_a_bill_and_a_resolved_address() -> None:
    row, report = _row("K1", "Nguyễn Văn An", "0912 345 678", "0988 111 222", "HN-1", "Điện", "Tạm ngưng",
                       "T5/2025", "1.250.000 đ", "15/06/2025", "đã", "TP. Hà Nội", "Phường Cầu Giấy")  # fmt: skip
    assert report == []
    assert row.phones == ("0912 345 678", "0988 111 222")  # type: ignore[attr-defined]
    assert row.service.kind is ServiceKind.ELECTRICITY  # type: ignore[attr-defined]
    assert row.service.status is ServiceStatus.SUSPENDED  # type: ignore[attr-defined]
    bill = row.bill  # type: ignore[attr-defined]
    assert (bill.period, bill.amount_vnd, bill.due_date, bill.paid_vnd) == (
        "2025-05",
        1_250_000,
        date(2025, 6, 15),
        1_250_000,
    )
    assert row.address.province_code == "01" and row.address.ward_code is not None  # type: ignore[attr-defined]
    assert (row.region_code, row.branch_code) == ("MB", "HN01")  # type: ignore[attr-defined]


def test_every_bad_value_of_a_row_is_reported_with_its_column() -> None:
    _, report = _row("K1", "An", "", "", "HN-1", "Truyền hình", "", "2025-13", "12,5", "31/02/2025", "", "", "")
    assert [(r.row, r.field, r.column) for r in report] == [
        (7, "service_kind", "Dịch vụ"),
        (7, "bill_period", "Kỳ"),
        (7, "bill_amount", "Số tiền"),
        (7, "bill_due_date", "Hạn"),
    ]
    assert "unknown service kind 'Truyền hình'" in report[0].reason


def test_a_bill_without_an_account_and_an_overpaid_bill_are_reported() -> None:
    _, no_account = _row("K1", "An", "", "", "", "", "", "2025-05", "100000", "2025-06-01", "", "", "")
    assert [r.field for r in no_account] == ["account_number"]
    _, overpaid = _row("K1", "An", "", "", "A1", "internet", "", "2025-05", "100000", "2025-06-01", "200000", "", "")
    assert [r.field for r in overpaid] == ["bill_paid"]


def test_custom_value_names_from_the_mapping_are_understood() -> None:
    row, report = _row("K1", "An", "", "", "A1", "gói gia đình", "", "", "", "", "", "", "")
    assert report == [] and row.service.kind is ServiceKind.INTERNET  # type: ignore[attr-defined]


def test_mapping_problems_name_the_field_and_the_missing_header() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_mapping({"name": "Tên", "colour": "x", "national_id": ["Họ tên", "Mã KH"]}, HEADERS)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["mapping.name", "mapping.colour", "mapping.national_id"]
    assert "no column 'Tên'" in caught.value.problems[0].reason


def test_headers_match_without_case_or_accents_when_unambiguous() -> None:
    mapping = parse_mapping({"name": "HO TEN", "phones": "sdt"}, HEADERS)
    assert mapping.column_of("name") == "Họ tên" and mapping.column_of("phones") == "SĐT"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.250.000", 1_250_000), ("1,250,000", 1_250_000), ("1 250 000 đ", 1_250_000), ("180000", 180_000),
     ("0", 0), ("70.000 VND", 70_000)],
)  # fmt: skip
def test_vnd_amounts_are_read_the_vietnamese_way(text: str, expected: int) -> None:
    assert parse_vnd(text) == expected


@pytest.mark.parametrize("text", ["12,5", "1.25", "-100", "một triệu", "1.2345", ""])
def test_amounts_that_are_not_whole_dong_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_vnd(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_any_amount_written_with_thousands_dots_reads_back(amount: int) -> None:
    assert parse_vnd(f"{amount:,}".replace(",", ".")) == amount
    assert parse_vnd(f"{amount:,} đ") == amount


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_day_first_or_iso_read_back(day: date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day == parse_date(day.isoformat())
    assert parse_period(day.strftime("%m/%Y")) == day.strftime("%Y-%m") == parse_period(day.isoformat())


def test_provinces_are_recognised_with_or_without_their_prefix() -> None:
    assert resolve_province("Hà Nội") is resolve_province("TP. HÀ NỘI") is resolve_province("Thành phố Hà Nội")
    assert resolve_province("Tỉnh Hà Tây") is None
