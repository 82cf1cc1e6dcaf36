"""Pages: importing a branch export (/import) and reviewing and merging duplicates (/duplicates).

The form posts to /import/run, not /import: Litestar 2.25 wraps a sync GET's thread runner twice when a
GET and a POST share a path (see pages/admin.py).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from carecenter.app.commands.merge import merge_customers
from carecenter.app.queries.duplicates import duplicate_candidates
from carecenter.domain.customers.vietnam import BRANCHES
from carecenter.domain.errors import Conflict, InvalidInput, NotFound
from carecenter.web.access import Ctx, current, rule
from carecenter.web.api.imports import DEFAULT_MAPPING, ImportForm, outcome_body, run_import
from carecenter.web.pages.render import Form, render

PAIRS_SHOWN = 100


def _import_page(request: Request[Any, Any, Any], status: int = 200, **context: Any) -> Template:
    defaults = {"source": "", "mapping": json.dumps(DEFAULT_MAPPING, ensure_ascii=False, indent=2)}
    page = {"form": defaults, "outcome": None, "problems": [], **context}
    template = "imports/_result.html" if request.headers.get("hx-request") == "true" else "imports/import.html"
    return render(request, template, status_code=status, branches=BRANCHES, **page)


@get("/import", opt=rule("customers.import"), sync_to_thread=True, include_in_schema=False)
def import_page(request: Request[Any, Any, Any]) -> Template:
    return _import_page(request)


@post("/import/run", opt=rule("customers.import"), sync_to_thread=True, include_in_schema=False)
def import_submit(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    data: Annotated[ImportForm, Body(media_type=RequestEncodingType.MULTI_PART)],
) -> Template:
    """Check or import the uploaded file; the report (or the counts) shows under the form."""
    form = {"source": data.source, "mapping": data.mapping}
    try:
        outcome = run_import(request, ctx, data)
    except InvalidInput as exc:
        return _import_page(request, 422, form=form, problems=exc.problems)
    status = 422 if outcome.status == "rejected" else 200
    return _import_page(request, status, form=form, outcome=outcome_body(outcome))


def _pairs(request: Request[Any, Any, Any], ctx: Ctx, status: int = 200, **context: Any) -> Template:
    found, total = duplicate_candidates(ctx, current(request).actor, PAIRS_SHOWN, screen=f"GET {request.url.path}")
    template = "imports/_pairs.html" if request.headers.get("hx-request") == "true" else "imports/duplicates.html"
    return render(request, template, status_code=status, pairs=found, total=total, **context)


@get("/duplicates", opt=rule("customers.merge", reads_customer=True), sync_to_thread=True, include_in_schema=False)
def duplicates_page(request: Request[Any, Any, Any], ctx: Ctx) -> Template:
    return _pairs(request, ctx)


@post(
    "/duplicates/merge", opt=rule("customers.merge", reads_customer=True), sync_to_thread=True, include_in_schema=False
)
def merge_submit(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template:
    """Merge one pair (HTMX), then show the list again with what happened."""
    try:
        numbers = {k: int(data.get(k, "")) for k in ("kept_id", "merged_id", "kept_version", "merged_version")}
    except ValueError:
        return _pairs(request, ctx, 422, failed="kept_id, merged_id and both versions must be numbers")
    try:
        merge_customers(ctx, current(request).actor, **numbers)
    except (Conflict, InvalidInput, NotFound) as exc:
        status = 409 if isinstance(exc, Conflict) else 422 if isinstance(exc, InvalidInput) else 404
        return _pairs(request, ctx, status, failed=exc.detail)
    return _pairs(request, ctx, merged=numbers)


ROUTES = [import_page, import_submit, duplicates_page, merge_submit]
