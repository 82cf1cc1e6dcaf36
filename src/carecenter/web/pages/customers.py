"""Pages: finding a customer (search as you type) and quick-creating a new caller."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from carecenter.app.commands.customers import NewCustomer, create_customer
from carecenter.app.ports.customers import CustomerSummary
from carecenter.app.queries.identify import search_customers
from carecenter.domain.customers.model import Address
from carecenter.domain.customers.phones import try_normalise_phone
from carecenter.domain.customers.vietnam import PROVINCES, PROVINCES_BY_CODE
from carecenter.domain.errors import InvalidInput
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.render import Form, render

RESULT_LIMIT = 25

# Form field a use-case problem belongs to: the use case names list items ("phones.0"), the form has one.
FIELD_OF_PROBLEM = {"phones.0": "phone", "emails.0": "email"}


def _search(request: Request[Any, Any, Any], ctx: Ctx, q: str) -> list[CustomerSummary]:
    if not q.strip():
        return []
    return search_customers(ctx, current(request).actor, q, RESULT_LIMIT, screen=f"GET {request.url.path}")


def _new_caller_link(q: str) -> str:
    """Quick-create prefilled with what the agent typed: a phone number, or else a name."""
    text = q.strip()
    if not text:
        return "/customers/new"
    key = "phone" if try_normalise_phone(text) else "name"
    return "/customers/new?" + urlencode({key: text})


@get("/customers", opt=rule("customers.read", reads_customer=True), sync_to_thread=True, include_in_schema=False)
def search_page(request: Request[Any, Any, Any], ctx: Ctx, q: FromQuery[str] = "") -> Template:
    """The search page (also works without JavaScript: the form submits `q` here)."""
    return render(
        request,
        "customers/search.html",
        q=q,
        results=_search(request, ctx, q),
        limit=RESULT_LIMIT,
        new_link=_new_caller_link(q),
    )


@get(
    "/customers/results",
    opt=rule("customers.read", reads_customer=True),
    sync_to_thread=True,
    include_in_schema=False,
)
def search_results(request: Request[Any, Any, Any], ctx: Ctx, q: FromQuery[str] = "") -> Template:
    """The results fragment HTMX swaps in while the agent types."""
    return render(
        request,
        "customers/_results.html",
        q=q,
        results=_search(request, ctx, q),
        limit=RESULT_LIMIT,
        new_link=_new_caller_link(q),
    )


def _form_defaults(phone: str = "", name: str = "") -> dict[str, str]:
    return {"name": name, "kind": "person", "phone": phone, "email": "", "national_id": "", "line": "", "province": ""}


@get("/customers/new", opt=rule("customers.write"), include_in_schema=False)
async def new_form(request: Request[Any, Any, Any], phone: FromQuery[str] = "", name: FromQuery[str] = "") -> Template:
    return render(request, "customers/new.html", form=_form_defaults(phone, name), errors={}, provinces=PROVINCES)


@post("/customers/new", opt=rule("customers.write"), sync_to_thread=True, include_in_schema=False)
def new_submit(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    """Create the customer and open their 360; field problems go back next to their fields (422).

    The region follows the chosen province (the province knows its care-centre region).
    """
    form = {**_form_defaults(), **{k: v.strip() for k, v in data.items() if isinstance(v, str)}}
    province = PROVINCES_BY_CODE.get(form["province"])
    address = None
    if form["line"] or province:
        address = Address(
            line=form["line"],
            province_code=province.code if province else None,
            province_name=province.name if province else None,
        )
    new = NewCustomer(
        name=form["name"],
        kind=form["kind"],
        phones=(form["phone"],) if form["phone"] else (),
        emails=(form["email"],) if form["email"] else (),
        national_id=form["national_id"] or None,
        region_code=province.region_code if province else None,
        address=address,
    )
    try:
        customer_id = create_customer(ctx, current(request).actor, new, source="care-centre")
    except InvalidInput as exc:
        errors: dict[str, str] = {}
        for problem in exc.problems:
            errors.setdefault(FIELD_OF_PROBLEM.get(problem.field, problem.field), problem.reason)
        return render(request, "customers/new.html", status_code=422, form=form, errors=errors, provinces=PROVINCES)
    return Redirect(f"/customers/{customer_id}", status_code=303)


ROUTES = [search_page, search_results, new_form, new_submit]
