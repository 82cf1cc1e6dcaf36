"""REST: branch imports, the duplicate review list, and merging two records of one customer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, JSONBody, Parameter

from carecenter.app.commands.imports import ImportOutcome, import_customers
from carecenter.app.commands.merge import merge_customers
from carecenter.app.queries.duplicates import DuplicateCandidate, duplicate_candidates
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.web.access import Ctx, current, rule
from carecenter.web.api import serialise
from carecenter.web.errors import problem

_TRUE = frozenset({"1", "true", "yes", "on"})

# The layout of docs/samples/branch-*.csv: what the import page offers and an empty `mapping` means.
DEFAULT_MAPPING: dict[str, Any] = {
    "columns": {
        "customer_key": "Mã KH",
        "name": "Họ tên",
        "kind": "Loại KH",
        "phones": ["Số điện thoại", "Điện thoại 2"],
        "emails": "Email",
        "national_id": "CCCD/CMND",
        "tax_code": "Mã số thuế",
        "date_of_birth": "Ngày sinh",
        "address_line": "Địa chỉ",
        "ward": "Phường/Xã",
        "province": "Tỉnh/Thành phố",
        "old_district": "Quận/Huyện cũ",
        "old_ward": "Phường/Xã cũ",
        "account_number": "Số hợp đồng",
        "service_kind": "Dịch vụ",
        "service_status": "Trạng thái",
        "product_code": "Gói cước",
        "meter_number": "Số công tơ",
        "bill_period": "Kỳ cước",
        "bill_amount": "Số tiền",
        "bill_due_date": "Hạn thanh toán",
        "bill_paid": "Đã thanh toán",
    }
}


@dataclass
class ImportForm:
    file: UploadFile
    source: str
    mapping: str = ""  # JSON; empty means the default mapping of docs/samples
    dry_run: str = "false"


class MergeIn(msgspec.Struct):
    merged_id: int
    kept_version: int
    merged_version: int


def parse_mapping_text(text: str) -> dict[str, Any]:
    """The mapping form field as JSON (an empty field means the default mapping)."""
    if not text.strip():
        return DEFAULT_MAPPING
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(FieldProblem("mapping", f"not valid JSON: {exc}")) from None
    if not isinstance(value, dict):
        raise InvalidInput(FieldProblem("mapping", 'must be a JSON object like {"columns": {"name": "Họ tên"}}'))
    return value


def outcome_body(outcome: ImportOutcome) -> dict[str, Any]:
    return {"batch_id": outcome.batch_id, **outcome.report()}


def run_import(request: Request[Any, Any, Any], ctx: Ctx, form: ImportForm) -> ImportOutcome:
    """Shared by the API and the import page."""
    return import_customers(
        ctx,
        current(request).actor,
        form.file.filename or "upload",
        form.file.file,
        form.source,
        parse_mapping_text(form.mapping),
        dry_run=form.dry_run.strip().lower() in _TRUE,
    )


@post("/api/v1/imports", opt=rule("customers.import"), sync_to_thread=True)
def create_import(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    data: Annotated[ImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Response[Any]:
    """Import a branch export (multipart: `file`, `source`, `mapping` JSON, `dry_run`).

    201 with counts when imported, 200 when a dry run found nothing wrong, 422 problem+json with
    `errors: [{row, field, column, reason}]` when any row is bad (then nothing was imported).
    """
    outcome = run_import(request, ctx, data)
    body = outcome_body(outcome)
    if outcome.status == "rejected":
        first = outcome.problems[0]
        detail = (
            f"{len(outcome.problems)} problem(s), nothing imported; "
            f"first: row {first.row}, {first.field}: {first.reason}"
        )
        return problem(request, 422, "Import rejected", detail, **{k: v for k, v in body.items() if k != "status"})
    return Response(body, status_code=201 if outcome.status == "imported" else 200)


def candidate(c: DuplicateCandidate) -> dict[str, Any]:
    def side(p: Any) -> dict[str, Any]:
        return {
            "id": p.id,
            "version": p.version,
            "name": p.name,
            "phones": list(p.phones),
            "national_ids": list(p.national_ids),
            "tax_codes": list(p.tax_codes),
            "address": ", ".join(x for x in (p.address_line, p.ward_name, p.province_name) if x),
            "region_code": p.region_code,
            "services": p.services,
        }

    return {
        "score": c.pair.score,
        "reasons": list(c.pair.reasons),
        "name_similarity": c.pair.name_similarity,
        "address_similarity": c.pair.address_similarity,
        "left": side(c.left),
        "right": side(c.right),
    }


@get("/api/v1/duplicates", opt=rule("customers.merge", reads_customer=True), sync_to_thread=True)
def duplicates(
    request: Request[Any, Any, Any], ctx: Ctx, limit: Annotated[int, Parameter(ge=1, le=1000)] = 100
) -> dict[str, Any]:
    """Pairs of live customers that are probably one (shared phone, national ID / tax code, or similar
    name and address), most likely first."""
    found, total = duplicate_candidates(ctx, current(request).actor, limit, screen=f"GET {request.url.path}")
    return {"total": total, "pairs": [candidate(c) for c in found]}


@post("/api/v1/customers/{kept_id:int}/merge", opt=rule("customers.merge"), sync_to_thread=True, status_code=200)
def merge(request: Request[Any, Any, Any], ctx: Ctx, kept_id: FromPath[int], data: JSONBody[MergeIn]) -> dict[str, Any]:
    """Merge customer `merged_id` into `kept_id` (compare-and-set on both versions: 409 when stale)."""
    kept = merge_customers(ctx, current(request).actor, kept_id, data.merged_id, data.kept_version, data.merged_version)
    return serialise.customer(kept)


ROUTES = [create_import, duplicates, merge]
