"""The route table as the access guard sees it, and `docs/rbac.md` generated from it.

`python -m tests.rbac_doc` (from the repository root, with the package importable) rewrites
docs/rbac.md; tests/integration/test_rbac_matrix.py fails when the file is out of date, so the
document always says who may call what.
"""

from __future__ import annotations

import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Litestar

from carecenter.domain.access.permissions import PERMISSIONS, ROLE_PERMISSIONS, Role
from carecenter.web.access import AUTHENTICATED, PUBLIC, is_framework_route, permission_of

DOC = Path(__file__).resolve().parent.parent / "docs" / "rbac.md"
_PARAM = re.compile(r"\{(\w+):[^}]+\}")


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # as declared: /api/v1/customers/{customer_id:int}
    handler: Any
    permission: str | None
    reads_customer: bool

    @property
    def openapi_path(self) -> str:
        return _PARAM.sub(r"{\1}", self.path)

    @property
    def params(self) -> list[str]:
        return _PARAM.findall(self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def route_table(app: Litestar) -> list[Route]:
    """Every method × path served by `app` except Litestar's own routes (OPTIONS, OpenAPI, static)."""
    out: list[Route] = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if is_framework_route(handler):
                continue
            for method in sorted(getattr(handler, "http_methods", {"WEBSOCKET"})):
                permission = permission_of(handler)
                out.append(Route(method, route.path, handler, permission, bool(handler.opt.get("reads_customer"))))
    return sorted(out, key=lambda r: (r.path, r.method))


def bare_app() -> Litestar:
    """The production route table without a database (nothing is called, only inspected)."""
    from carecenter.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return create_app(None, health=lambda: True)  # type: ignore[arg-type]


def role_allowed(role: Role, permission: str | None) -> bool:
    if permission in (PUBLIC, AUTHENTICATED):
        return True
    return permission in ROLE_PERMISSIONS[role]


def markdown(app: Litestar) -> str:
    roles = list(Role)
    lines = [
        "# Who may call what",
        "",
        "Generated from the route table by `python -m tests.rbac_doc`; `tests/integration/test_rbac_matrix.py`",
        "fails when this file is stale and proves every cell over HTTP. ✓ = allowed, · = 403.",
        "`public` routes need no login; `authenticated` ones any logged-in user. Back-office users see",
        "only their region's customers (unless granted all regions, or the customer's open contact is",
        "assigned to them); every other role sees all regions. 👁 = the route shows a customer's personal",
        "data and writes a read-audit entry.",
        "",
        "| route | permission | " + " | ".join(r.value for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for route in route_table(app):
        eye = " 👁" if route.reads_customer else ""
        cells = " | ".join("✓" if role_allowed(role, route.permission) else "·" for role in roles)
        lines.append(f"| `{route.method} {route.path}`{eye} | {route.permission} | {cells} |")
    lines += ["", "## Permissions", "", "| permission | meaning | roles |", "|---|---|---|"]
    for permission, meaning in PERMISSIONS.items():
        holders = ", ".join(r.value for r in roles if permission in ROLE_PERMISSIONS[r])
        lines.append(f"| {permission} | {meaning} | {holders} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(markdown(bare_app()), encoding="utf-8")
    print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
