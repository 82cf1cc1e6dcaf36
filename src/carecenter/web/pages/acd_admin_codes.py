"""Pages: saving reason codes from the overview's forms (`acd.admin`) — not-ready reasons and contact reasons.

A contact reason is edited in place: the overview's "Edit" link (`/admin/acd?contact_reason=<code>`) fills
the form; unticking "Offered at wrap-up" retires it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from litestar import Request, post
from litestar.response import Redirect, Template

from carecenter.app.commands import acd_admin_codes
from carecenter.web.access import Ctx, current
from carecenter.web.pages.acd_admin import ADMIN, overview_page, saved_or_again
from carecenter.web.pages.render import Form


@post("/admin/acd/reasons", **ADMIN)
def reason_save(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    actor = current(request).actor
    return saved_or_again(
        request,
        ctx,
        data,
        lambda: acd_admin_codes.save_not_ready_reason(
            ctx,
            actor,
            data.get("code", "").strip(),
            data.get("label_en", "").strip(),
            data.get("label_vi", "").strip(),
            data.get("active", "1") == "1",
        ),
        overview_page,
    )


@post("/admin/acd/contact-reasons", **ADMIN)
def contact_reason_save(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Template | Redirect:
    actor = current(request).actor
    return saved_or_again(
        request,
        ctx,
        data,
        lambda: acd_admin_codes.save_contact_reason(
            ctx,
            actor,
            data.get("code", "").strip(),
            data.get("label_en", "").strip(),
            data.get("label_vi", "").strip(),
            data.get("active") == "1",  # an unticked box is not posted at all
        ),
        partial(overview_page, section="contact_reason"),
    )


ROUTES = [reason_save, contact_reason_save]
