"""Branch imports (all rows or none, with a report), duplicate detection and merging, over HTTP."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
from litestar.testing import TestClient

from carecenter.app.commands.auth import login
from carecenter.app.commands.customers import reindex
from carecenter.bootstrap import Container
from carecenter.domain.customers.model import Address
from carecenter.web.access import SESSION_COOKIE
from tests.factories import (
    Staff,
    add_bill,
    add_contact,
    add_service,
    event_types,
    make_customer,
    make_user,
    rows,
)

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
PROBLEM = "application/problem+json"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
COUNTED = ("customers", "identities", "premises", "service_accounts", "bills", "customer_search", "events")


def _upload(client: TestClient[Any], who: Staff, name: str, content: bytes, source: str = "HN01", **form: str) -> Any:
    return client.post(
        "/api/v1/imports",
        files={"file": (name, content, "application/octet-stream")},
        data={"source": source, **form},
        headers=who.headers,
    )


def _counts(container: Container) -> dict[str, int]:
    return {table: len(rows(container.engine, table)) for table in COUNTED}


def _after_rejection(before: dict[str, int]) -> dict[str, int]:
    """A rejected file writes only its batch (with the report) and that batch's ImportRejected event."""
    return {**before, "events": before["events"] + 1}


def test_good_csv_imports_every_customer_service_and_bill_and_they_are_found(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    response = _upload(client, staff["admin"], "branch-hn01.csv", (SAMPLES / "branch-hn01.csv").read_bytes())

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["rows"], body["customers"], body["services"], body["bills"]) == (30, 18, 21, 27)
    assert body["errors"] == []
    assert rows(container.engine, "import_batches")[0]["status"] == "imported"
    assert event_types(container.engine, "import_batch") == ["ImportCompleted"]
    agent = staff["agent"].headers
    found = client.get("/api/v1/customers", params={"q": "le hoang dang"}, headers=agent).json()["results"]
    assert [c["name"] for c in found] == ["Lê Hoàng Đặng"]
    # The export holds the pre-2018 number 01662345678: stored and identified as 0362345678.
    identified = client.get("/api/v1/identify", params={"phone": "0362345678"}, headers=agent).json()
    assert identified["match"] == "found" and identified["customers"][0]["name"] == "Lê Hoàng Đặng"
    view = client.get(f"/api/v1/customers/{found[0]['id']}", headers=staff["supervisor"].headers).json()
    assert view["services"][0]["account_number"] == "HNI-INT-000301"
    assert view["services"][0]["status"] == "suspended"  # "Tạm ngưng"
    assert view["bills"][0]["amount_vnd"] == 300_000  # "300.000"
    assert view["premises"][0]["old_district"] == "Quận Cầu Giấy"


def test_import_writes_the_same_search_document_reindex_would(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    _upload(client, staff["admin"], "branch-hn01.csv", (SAMPLES / "branch-hn01.csv").read_bytes())
    before = {r["customer_id"]: r["document"] for r in rows(container.engine, "customer_search")}
    with container.context.uow() as uow:
        for customer_id in before:
            reindex(uow, customer_id)
        uow.commit()
    assert {r["customer_id"]: r["document"] for r in rows(container.engine, "customer_search")} == before


def test_xlsx_export_imports_with_its_own_mapping(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã KH", "Họ tên", "SĐT", "Số HĐ", "Dịch vụ", "Kỳ", "Tiền", "Hạn"])
    sheet.append(["K1", "Võ Thị Sáu", 912000111, "HCM-INT-1", "Cáp quang", "06/2025", 180000, "20/07/2025"])
    sheet.append(["K1", "Võ Thị Sáu", 912000111, "HCM-INT-1", "Cáp quang", "07/2025", 185000.0, "20/08/2025"])
    sheet.append([None] * 8)  # blank rows in a spreadsheet are skipped, not errors
    sheet.append(["K2", "Lý Tự Trọng", "0909 888 777", "HCM-PWR-2", "Điện", "2025-07", "1.250.000", "15/08/2025"])
    content = io.BytesIO()
    book.save(content)
    mapping = {
        "customer_key": "Mã KH",
        "name": "Họ tên",
        "phones": "SĐT",
        "account_number": "Số HĐ",
        "service_kind": "Dịch vụ",
        "bill_period": "Kỳ",
        "bill_amount": "Tiền",
        "bill_due_date": "Hạn",
    }

    response = _upload(client, staff["admin"], "hc.xlsx", content.getvalue(), "HC01", mapping=json.dumps(mapping))

    assert response.status_code == 201, response.text
    assert (response.json()["customers"], response.json()["bills"]) == (2, 3)
    phones = {r["value"] for r in rows(container.engine, "identities")}
    assert phones == {"+84912000111", "+84909888777"}  # Excel dropped the leading 0; still the same number
    assert {r["amount_vnd"] for r in rows(container.engine, "bills")} == {180_000, 185_000, 1_250_000}
    assert {r["region_code"] for r in rows(container.engine, "customers")} == {"MN"}  # branch HC01


def test_one_bad_row_rejects_the_whole_file_with_a_report_and_writes_nothing_else(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    before = _counts(container)

    response = _upload(client, staff["admin"], "bad.csv", (SAMPLES / "branch-hn01-bad.csv").read_bytes())

    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    errors = [(e["row"], e["field"], e["column"]) for e in response.json()["errors"]]
    assert errors == [(5, "phones", "Số điện thoại"), (14, "bill_amount", "Số tiền")]
    assert "0912 34" in response.json()["errors"][0]["reason"]
    assert _counts(container) == _after_rejection(before)
    batch = rows(container.engine, "import_batches")
    assert [(b["status"], b["rows_total"], b["rows_imported"]) for b in batch] == [("rejected", 30, 0)]
    assert batch[0]["report"]["errors"][1]["reason"] == "not an amount in whole đồng: 'một triệu'"
    assert event_types(container.engine, "import_batch", batch[0]["id"]) == ["ImportRejected"]


def test_dry_run_reports_counts_and_writes_nothing(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    before = _counts(container)
    response = _upload(client, staff["admin"], "a.csv", (SAMPLES / "branch-hn01.csv").read_bytes(), dry_run="true")
    assert response.status_code == 200
    assert response.json()["status"] == "checked" and response.json()["customers"] == 18
    assert _counts(container) == before and rows(container.engine, "import_batches") == []


def test_reimporting_a_file_is_rejected_for_account_numbers_already_in_the_database(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    content = (SAMPLES / "branch-hn01.csv").read_bytes()
    assert _upload(client, staff["admin"], "a.csv", content).status_code == 201
    before = _counts(container)

    again = _upload(client, staff["admin"], "a.csv", content)

    assert again.status_code == 422
    errors = again.json()["errors"]
    assert len(errors) == 21 and {e["field"] for e in errors} == {"account_number"}
    assert errors[0] == {"row": 2, "field": "account_number", "column": "Số hợp đồng",
                         "reason": "account HNI-INT-000101 already exists"}  # fmt: skip
    assert _counts(container) == _after_rejection(before)


def test_mapping_naming_a_missing_column_is_reported_on_the_header_row(
    client: TestClient[Any], staff: dict[str, Staff]
) -> None:
    mapping = json.dumps({"name": "Tên khách", "phones": "Số điện thoại", "colour": "x"})
    response = _upload(client, staff["admin"], "a.csv", (SAMPLES / "branch-hn01.csv").read_bytes(), mapping=mapping)
    assert response.status_code == 422
    assert {(e["row"], e["field"]) for e in response.json()["errors"]} == {(1, "mapping.name"), (1, "mapping.colour")}


def test_only_importers_may_import(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    response = _upload(client, staff["agent"], "a.csv", (SAMPLES / "branch-hn01.csv").read_bytes())
    assert response.status_code == 403


def _hanoi(line: str) -> Address:
    return Address(line=line, ward_name="Phường Cầu Giấy", province_code="01", province_name="Thành phố Hà Nội")


def test_duplicates_are_found_by_phone_national_id_and_similar_name_with_address(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    a = make_customer(ctx, "Nguyễn Văn An", phones=("0912345678",))
    b = make_customer(ctx, "Nguyen Van An", phones=("+84 912 345 678",))
    c = make_customer(ctx, "Trần Thị Mai", phones=("0983000001",), national_id="001190023456")
    d = make_customer(ctx, "Trần Mai", phones=("0983000002",), national_id="001190023456")
    e = make_customer(ctx, "Phạm Minh Tuấn", phones=("0904000001",), address=_hanoi("12 Trần Duy Hưng"))
    f = make_customer(ctx, "Phạm Minh Tuấn", phones=("0904000002",), address=_hanoi("12 Tran Duy Hung"))
    make_customer(ctx, "Phạm Minh Tuấn", phones=("0904000003",), address=_hanoi("400 Láng Hạ"))
    make_customer(ctx, "Hoàng Thị Lan", phones=("0915000001",), address=_hanoi("12 Trần Duy Hưng"))

    response = client.get("/api/v1/duplicates", headers=staff["supervisor"].headers)

    assert response.status_code == 200
    found = {(p["left"]["id"], p["right"]["id"]): p["reasons"] for p in response.json()["pairs"]}
    assert found == {
        (a, b): ["same_phone"],
        (c, d): ["same_national_id"],
        (e, f): ["similar_name_address"],
    }
    assert client.get("/api/v1/duplicates", headers=staff["agent"].headers).status_code == 403


def test_import_reports_possible_duplicates_of_existing_customers(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    make_customer(container.context, "Nguyễn Văn An", phones=("0912345678",))
    response = _upload(client, staff["admin"], "a.csv", (SAMPLES / "branch-hn01.csv").read_bytes())
    assert response.json()["possible_duplicates"] == 1


def _merge(client: TestClient[Any], who: Staff, kept: int, merged: int, kv: int = 1, mv: int = 1) -> Any:
    body = {"merged_id": merged, "kept_version": kv, "merged_version": mv}
    return client.post(f"/api/v1/customers/{kept}/merge", json=body, headers=who.headers)


def test_merge_keeps_every_identity_and_all_history_of_both(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    kept = make_customer(ctx, "Nguyễn Văn An", phones=("0912345678",), address=_hanoi("12 Trần Duy Hưng"))
    merged = make_customer(
        ctx, "Nguyen Van An", phones=("0912345678", "0977000111"), national_id="001085012345", address=_hanoi("12 TDH")
    )
    add_bill(ctx, kept, add_service(ctx, kept, "HNI-1"), "2026-01", 100_000)
    merged_service = add_service(ctx, merged, "HCM-9", kind="mobile", product_code="MOBILE_BASIC")
    add_bill(ctx, merged, merged_service, "2026-02", 70_000)
    add_contact(ctx, kept)
    add_contact(ctx, merged)
    supervisor = staff["supervisor"]

    response = _merge(client, supervisor, kept, merged)

    assert response.status_code == 200, response.text
    identities = {(i["kind"], i["value"]) for i in response.json()["identities"]}
    assert identities == {("phone", "+84912345678"), ("phone", "+84977000111"), ("national_id", "001085012345")}
    view = client.get(f"/api/v1/customers/{kept}", headers=supervisor.headers).json()
    assert {s["account_number"] for s in view["services"]} == {"HNI-1", "HCM-9"}
    assert {b["period"] for b in view["bills"]} == {"2026-01", "2026-02"}
    assert len(view["timeline"]) == 2 and len(view["premises"]) == 2
    gone = client.get(f"/api/v1/customers/{merged}", headers=supervisor.headers)
    assert gone.status_code == 404 and f"merged into customer {kept}" in gone.json()["detail"]
    results = client.get("/api/v1/customers", params={"q": "nguyen van an"}, headers=supervisor.headers).json()
    assert [c["id"] for c in results["results"]] == [kept]
    identified = client.get("/api/v1/identify", params={"phone": "0977000111"}, headers=supervisor.headers).json()
    assert [c["id"] for c in identified["customers"]] == [kept]
    assert rows(container.engine, "merges", kept_id=kept, merged_id=merged) != []
    assert "CustomersMerged" in event_types(container.engine, "customer", kept)
    assert client.get("/api/v1/duplicates", headers=supervisor.headers).json()["pairs"] == []


def test_merge_refuses_stale_versions_self_merges_and_merged_away_customers(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    kept = make_customer(ctx, "Nguyễn Văn An", phones=("0912345678",))
    merged = make_customer(ctx, "Nguyễn Văn An", phones=("0912345678",))
    other = make_customer(ctx, "Lê Thị Hoa", phones=("0912000999",))
    supervisor = staff["supervisor"]

    stale = _merge(client, supervisor, kept, merged, kv=1, mv=7)
    assert stale.status_code == 409
    assert rows(container.engine, "customers", id=merged)[0]["merged_into_id"] is None  # nothing half-done
    assert _merge(client, supervisor, kept, kept).status_code == 422
    assert _merge(client, supervisor, kept, merged).status_code == 200
    again = _merge(client, supervisor, other, merged, mv=2)
    assert again.status_code == 409 and "already merged" in again.json()["detail"]
    assert _merge(client, staff["agent"], kept, other).status_code == 403


def _browser(client: TestClient[Any], container: Container, role: str = "admin") -> str:
    """Log a person in with a session cookie (as a browser would be); returns the CSRF token."""
    make_user(container.context, role, username=f"page_{role}")
    session = login(container.context, f"page_{role}", "correct horse battery", client="test")
    client.cookies.set(SESSION_COOKIE, session.session_secret)
    return session.csrf_token


def test_import_page_checks_the_bad_sample_and_shows_the_report_in_vietnamese(
    client: TestClient[Any], container: Container
) -> None:
    csrf = _browser(client, container)
    client.post("/me/locale", data={"locale": "vi", "_csrf": csrf, "next": "/import"})
    page = client.get("/import")
    assert page.status_code == 200 and "Số hợp đồng" in page.text  # the default mapping is prefilled

    response = client.post(
        "/import/run",
        files={"file": ("bad.csv", (SAMPLES / "branch-hn01-bad.csv").read_bytes(), "text/csv")},
        data={"source": "HN01", "mapping": "", "dry_run": "true", "_csrf": csrf},
        headers={"hx-request": "true"},
    )

    assert response.status_code == 422
    assert "không nhập gì" in response.text  # "nothing was imported"
    assert "một triệu" in response.text and ">14<" in response.text


def test_duplicates_page_lists_pairs_and_merges_one_with_htmx(client: TestClient[Any], container: Container) -> None:
    ctx = container.context
    left = make_customer(ctx, "Nguyễn Văn An", phones=("0912345678",))
    right = make_customer(ctx, "Nguyen Van An", phones=("0912345678",))
    csrf = _browser(client, container, "supervisor")
    page = client.get("/duplicates")
    assert page.status_code == 200 and "Merge into left" in page.text

    merged = client.post(
        "/duplicates/merge",
        data={"kept_id": left, "merged_id": right, "kept_version": 1, "merged_version": 1},
        headers={"hx-request": "true", "x-csrf-token": csrf},
    )

    assert merged.status_code == 200, merged.text
    assert f"Customer {right} was merged into customer {left}" in merged.text
    assert rows(container.engine, "customers", id=right)[0]["merged_into_id"] == left
    stale = client.post(
        "/duplicates/merge",
        data={"kept_id": right, "merged_id": left, "kept_version": 1, "merged_version": 1},
        headers={"hx-request": "true", "x-csrf-token": csrf},
    )
    assert stale.status_code == 409


def _cp1258(text: str) -> bytes:
    """Text as old Windows tools write Vietnamese: letters precomposed, tones as combining marks."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in parts if c in TONES)
            letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (letter + tone).encode("cp1258")
    return out


def test_windows_1258_semicolon_csv_is_read_and_composed(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    content = _cp1258("Mã KH;Họ tên;Số điện thoại\r\nK1;Trần Văn Đức;0912 345 678\r\n")
    mapping = json.dumps({"customer_key": "Mã KH", "name": "Họ tên", "phones": "Số điện thoại"})
    response = _upload(client, staff["admin"], "old.csv", content, mapping=mapping)
    assert response.status_code == 201, response.text
    assert [r["name"] for r in rows(container.engine, "customers")] == ["Trần Văn Đức"]
