"""The UI pages: server-rendered Jinja + HTMX, one module per screen family.

`ROUTES` is picked up by web/app.py, which also installs `template_config()` as the app's template
engine and `render_error` as `app.state.render_error` (HTML error pages). Page modules of other
capabilities render through `carecenter.web.pages.render.render` (its docstring lists the common
template context) and extend `base.html`.
"""

from __future__ import annotations

from typing import Any

from carecenter.web.pages import (
    acd,
    acd_admin,
    acd_admin_agents,
    acd_admin_codes,
    acd_admin_queues,
    acd_report,
    admin,
    auth,
    case_forms,
    cases,
    customer360,
    customers,
    imports,
    me,
    privacy,
    roles,
)
from carecenter.web.pages.render import render, render_error, template_config

ROUTES: list[Any] = [
    *auth.ROUTES,
    *customers.ROUTES,
    *customer360.ROUTES,
    *privacy.ROUTES,
    *admin.ROUTES,
    *roles.ROUTES,
    *me.ROUTES,
    *imports.ROUTES,
    *acd.ROUTES,
    *acd_admin.ROUTES,
    *acd_admin_queues.ROUTES,
    *acd_admin_agents.ROUTES,
    *acd_admin_codes.ROUTES,
    *acd_report.ROUTES,
    *case_forms.ROUTES,
    *cases.ROUTES,
]

__all__ = ["ROUTES", "render", "render_error", "template_config"]
