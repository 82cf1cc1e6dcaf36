"""Pages: the privacy section of the customer 360 — consent flags, and erasure on request (Decree 13/2023).

Changing a consent is an HTMX post answering the re-rendered section, re-read through `customer_360`
(so the read is audited with the POST's path); a stale version answers 409 with the section as it is
now. Erasure needs a reason; once done the browser goes to the now-anonymised 360 (`HX-Redirect` for
HTMX, 303 for a plain form post). A refused erasure answers the section (or the page) with the problem.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from carecenter.app.commands.customers import update_customer
from carecenter.app.commands.privacy import erase_customer
from carecenter.domain.errors import Conflict, FieldProblem, InvalidInput
from carecenter.web import i18n
from carecenter.web.access import Ctx, current, rule
from carecenter.web.pages.customer360 import render_page, view_context
from carecenter.web.pages.labels import N_
from carecenter.web.pages.render import Form, render

REASON_MAX = 500


def _flag(data: dict[str, str], name: str) -> bool | None:
    """A consent the form sent ("1" gives it, "0" withdraws it), or None when it did not send it."""
    return data[name] == "1" if name in data else None


def _section(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    customer_id: int,
    status: int = 200,
    message: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    reason: str = "",
) -> Template:
    return render(
        request,
        "customers/_privacy.html",
        status_code=status,
        privacy_message=message,
        privacy_errors=errors or {},
        erase_reason=reason,
        **view_context(request, ctx, customer_id),
    )


@post(
    "/customers/{customer_id:int}/consent",
    opt=rule("customers.write"),
    sync_to_thread=True,
    include_in_schema=False,
)
def consent_change(request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int], data: Form) -> Template:
    """Give or withdraw a consent with the version the agent saw; answers the privacy section."""
    status, message = 200, {"kind": "ok"}
    marketing, processing = _flag(data, "consent_marketing"), _flag(data, "consent_data_processing")
    try:
        version = int(data.get("version", ""))
    except ValueError:
        version = -1  # no version seen: the compare-and-set refuses it as stale
    try:
        if marketing is None and processing is None:
            raise InvalidInput(FieldProblem("consent", "say which consent to give or withdraw"))
        update_customer(
            ctx,
            current(request).actor,
            customer_id,
            version,
            consent_marketing=marketing,
            consent_data_processing=processing,
        )
    except Conflict:
        status, message = 409, {"kind": "conflict"}
    except InvalidInput as exc:
        status, message = 422, {"kind": "invalid", "detail": "; ".join(p.reason for p in exc.problems)}
    return _section(request, ctx, customer_id, status, message)


@post(
    "/customers/{customer_id:int}/erase",
    opt=rule("customers.erase"),
    sync_to_thread=True,
    include_in_schema=False,
)
def erase(
    request: Request[Any, Any, Any], ctx: Ctx, customer_id: FromPath[int], data: Form
) -> Template | Redirect | Response[bytes]:
    """Erase the customer's personal data on their request; the reason is kept in the event."""
    htmx = request.headers.get("hx-request") == "true"
    reason = " ".join(data.get("reason", "").split())
    translate = i18n.Translator(i18n.request_locale(request)).gettext
    status, errors, message = 422, {}, None
    if not reason:
        errors["reason"] = translate(N_("Give the reason: the customer's request and how it reached us."))
    elif len(reason) > REASON_MAX:
        errors["reason"] = translate(N_("At most %(max)s characters."), max=REASON_MAX)
    else:
        try:
            erase_customer(ctx, current(request).actor, customer_id, reason)
        except Conflict as exc:
            status, message = 409, {"kind": "invalid", "detail": exc.detail}
        else:
            url = f"/customers/{customer_id}"
            if htmx:
                return Response(b"", status_code=200, headers={"HX-Redirect": url})
            return Redirect(url, status_code=303)
    if htmx:
        return _section(request, ctx, customer_id, status, message, errors, reason)
    return render_page(
        request, ctx, customer_id, status, privacy_message=message, privacy_errors=errors, erase_reason=reason
    )


ROUTES = [consent_change, erase]
