"""Pages: the customer 360, and the two things an agent does on it (change a service, record a contact).

Both actions are HTMX posts answering with the section they changed, re-read through `customer_360`
(so the read is audited with the POST's path). A Conflict or bad input answers 409/422 with the same
section and the message in it; base.html tells HTMX to swap 4xx answers in. The privacy section's
actions (consent, erasure) live in `pages/privacy.py` and use `view_context` and `render_page` too.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Template

from carecenter.app.commands.interactions import record_interaction
from carecenter.app.commands.services import change_service
from carecenter.app.queries.catalogue import list_products
from carecenter.app.queries.customer360 import customer_360
from carecenter.app.queries.reasons import contact_reasons
from carecenter.domain.errors import Conflict, InvalidInput
from carecenter.domain.interactions.model import Channel, ContactReason, Direction
from carecenter.web import i18n
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.render import Form, render

CONTACT_DEFAULTS = {"channel": "voice", "direction": "inbound", "reason_code": "", "notes": "", "keep_open": ""}
# Each section's state on a plain page visit: nothing saved, no messages, empty forms.
PAGE_DEFAULTS: dict[str, Any] = {
    "contact": CONTACT_DEFAULTS,
    "contact_errors": {},
    "contact_saved": False,
    "service_message": None,
    "privacy_message": None,
    "privacy_errors": {},
    "erase_reason": "",
}


def _reason_groups(reasons: list[ContactReason], locale: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Reasons as select groups (family -> its codes that may be chosen now) and every code's label in
    `locale`, retired ones included (they label past contacts). A retired family still heads its active
    codes but cannot be chosen itself."""
    labels = {r.code: (r.label_vi if locale == "vi" else r.label_en) for r in reasons}
    groups: list[dict[str, Any]] = []
    for family in (r for r in reasons if r.parent_code is None):
        children = [(r.code, labels[r.code]) for r in reasons if r.parent_code == family.code and r.active]
        if family.active or children:
            groups.append(
                {"code": family.code, "label": labels[family.code], "options": children, "selectable": family.active}
            )
    return groups, labels


def view_context(request: Request[Any, Any, Any], ctx: Ctx, customer_id: int) -> dict[str, Any]:
    """Everything the 360 templates need; reads (and audits) the customer on this request's path."""
    actor = current(request).actor
    view = customer_360(ctx, actor, customer_id, screen=f"{request.method} {request.url.path}")
    products = list_products(ctx)
    groups, reason_labels = _reason_groups(contact_reasons(ctx, include_retired=True), i18n.request_locale(request))
    accounts = {s.id: s.account_number for s, _ in view.services}
    today = i18n.Formats("en", request.app.state.get("timezone") or "Asia/Ho_Chi_Minh").today(ctx.clock.now())
    return {
        "view": view,
        "customer": view.customer,
        "products": products,
        "product_names": {p.code: p.name for p in products},
        "reason_groups": groups,
        "reason_labels": reason_labels,
        "accounts": accounts,
        "today": today,
        "channels": [c.value for c in Channel],
        "directions": [d.value for d in Direction],
    }


@get(
    "/customers/{customer_id:int}",
    opt=rule("customers.read", reads_customer=True),
    sync_to_thread=True,
    include_in_schema=False,
)
def customer_page(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int]) -> Template:
    return render_page(request, ctx, customer_id)


def render_page(
    request: Request[Any, Any, Any], ctx: Ctx, customer_id: int, status: int = 200, **sections: Any
) -> Template:
    """The whole 360 page; `sections` overrides a section's state (e.g. the privacy section's errors)."""
    return render(
        request,
        "customers/view.html",
        status_code=status,
        **{**PAGE_DEFAULTS, **sections},
        **view_context(request, ctx, customer_id),
    )


@post(
    "/customers/{customer_id:int}/services/{service_id:int}",
    opt=rule("services.change"),
    sync_to_thread=True,
    include_in_schema=False,
)
def service_action(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    customer_id: FromPath[int],
    service_id: FromPath[int],
    data: Form,
) -> Template:
    """Suspend, restore or re-package with the version the agent saw; answers the services section."""
    status, message = 200, None
    try:
        version = int(data.get("version", ""))
    except ValueError:
        version = -1
    try:
        change_service(
            ctx,
            current(request).actor,
            service_id,
            data.get("action", ""),
            version,
            data.get("reason", ""),
            data.get("product_code") or None,
        )
        message = {"kind": "ok", "action": data.get("action", "")}
    except Conflict as exc:
        status, message = 409, {"kind": "conflict", "detail": exc.detail}
    except InvalidInput as exc:
        status, message = 422, {"kind": "invalid", "detail": "; ".join(p.reason for p in exc.problems)}
    return render(
        request,
        "customers/_services.html",
        status_code=status,
        service_message=message,
        **view_context(request, ctx, customer_id),
    )


@post(
    "/customers/{customer_id:int}/contacts",
    opt=rule("interactions.write"),
    sync_to_thread=True,
    include_in_schema=False,
)
def record_contact(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int], data: Form) -> Template:
    """Store a contact with this customer; answers the contacts section (form cleared, or its errors)."""
    form = {**CONTACT_DEFAULTS, **{k: v for k, v in data.items() if k in CONTACT_DEFAULTS}}
    status, errors, contact = 200, {}, CONTACT_DEFAULTS
    try:
        record_interaction(
            ctx,
            current(request).actor,
            customer_id,
            form["channel"],
            form["direction"],
            reason_code=form["reason_code"] or None,
            notes=form["notes"].strip(),
            status="open" if form["keep_open"] else "closed",
        )
    except InvalidInput as exc:
        status, contact = 422, form
        errors = {p.field: p.reason for p in exc.problems}
    return render(
        request,
        "customers/_contacts.html",
        status_code=status,
        contact=contact,
        contact_errors=errors,
        contact_saved=status == 200,
        **view_context(request, ctx, customer_id),
    )


ROUTES = [customer_page, service_action, record_contact]
