"""Page: what each role may do (users.read), straight from the domain's permission table."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from carecenter.domain.access.permissions import COMPANY_WIDE_ROLES, PERMISSIONS, ROLE_PERMISSIONS, Role
from carecenter.web.access import rule
from carecenter.web.pages.render import render


@get("/admin/roles", opt=rule("users.read"), sync_to_thread=True, include_in_schema=False)
def roles_page(request: Request[Any, Any, Any]) -> Template:
    """Roles × permissions (✓ where granted), each permission with its meaning, and the region scope."""
    roles = list(Role)
    return render(
        request,
        "admin/roles.html",
        roles=[r.value for r in roles],
        permissions=list(PERMISSIONS),
        grants={r.value: ROLE_PERMISSIONS[r] for r in roles},
        company_wide=[r.value for r in roles if r in COMPANY_WIDE_ROLES],
        regional=[r.value for r in roles if r not in COMPANY_WIDE_ROLES],
    )


ROUTES = [roles_page]
