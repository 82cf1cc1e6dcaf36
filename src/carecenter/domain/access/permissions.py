"""Roles, dotted permissions and the region scope of customer data.

One shared customer database is the point of the product, so care-centre staff see every customer;
regional back-office teams see their own region's customers unless granted all regions; anyone may see
the customer of a contact that was offered to them (that grant is decided by the app, which knows
about offers, and passed in here as `offered_customer_ids`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from carecenter.domain.errors import Forbidden


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    BACK_OFFICE = "back_office"
    QA = "qa"
    MANAGER = "manager"
    ADMIN = "admin"


# Every permission the product knows. A route names one of these (or PUBLIC / AUTHENTICATED); the RBAC
# matrix test checks every route against this table, so a new endpoint without a rule fails a test.
PERMISSIONS: dict[str, str] = {
    "customers.read": "see customers, their services, bills and history",
    "customers.read_sensitive": "see national ID, tax code and date of birth unmasked",
    "customers.read_address": "see the street address (house number and street), not only ward and province",
    "customers.write": "create and edit customers",
    "customers.import": "import customers from branch exports",
    "customers.merge": "review duplicates and merge customers",
    "customers.erase": "erase a customer's personal data on request",
    "services.change": "suspend, restore or change the package of a service",
    "interactions.read": "see interaction history",
    "interactions.write": "record interactions",
    "users.read": "see users, teams and departments",
    "users.admin": "create and edit users, teams, departments and roles",
    "audit.read": "see who read which customer's personal data",
    "catalogue.admin": "edit products, promotions and segment rules",
    "acd.desk": "take contacts: set one's own presence, accept or reject offers, end and wrap up",
    "acd.wallboard": "watch queues and agents live, and the ACD interval report",
    "acd.supervise": "change an agent's presence and switch a queue's emergency mode",
    "acd.contacts": "route contacts in from a channel (channel gateways, the traffic simulator)",
    "acd.admin": "configure queues, skills, agents' skills and capacities, calendars and reason codes",
    "cases.read": "see cases, their follow-up sheet and SLA",
    "cases.write": "open cases, add notes, dispatch cases and change their status",
    "cases.work": "work and resolve cases dispatched to a department (back office)",
    "cases.admin": "configure case statuses and SLA policies",
}

# Agents need the street address (faults, visits, relocations) but not the national ID; QA and managers
# judge calls and figures and need neither.
_AGENT = {
    "customers.read",
    "customers.read_address",
    "customers.write",
    "services.change",
    "interactions.read",
    "interactions.write",
    "acd.desk",
    "cases.read",
    "cases.write",
}
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.AGENT: frozenset(_AGENT),
    Role.SUPERVISOR: frozenset(
        _AGENT | {"customers.read_sensitive", "customers.merge", "users.read", "acd.wallboard", "acd.supervise"}
    ),
    Role.BACK_OFFICE: frozenset(
        {
            "customers.read_address",
            "customers.read",
            "customers.read_sensitive",
            "services.change",
            "interactions.read",
            "interactions.write",
            "cases.read",
            "cases.write",
            "cases.work",
        }
    ),
    Role.QA: frozenset({"customers.read", "interactions.read", "users.read", "cases.read"}),
    Role.MANAGER: frozenset(
        {
            "customers.read",
            "interactions.read",
            "users.read",
            "audit.read",
            "catalogue.admin",
            "acd.wallboard",
            "cases.read",
        }
    ),
    Role.ADMIN: frozenset(PERMISSIONS),
}

# Roles whose work is the whole company's customers; the others are limited to their region.
COMPANY_WIDE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.QA, Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True)
class Actor:
    """Who is acting: the logged-in user (or API token owner) with role and scope."""

    user_id: int
    username: str
    role: Role
    tenant_id: int = 1
    region_code: str | None = None
    all_regions: bool = False
    offered_customer_ids: frozenset[int] = field(default_factory=frozenset)

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: str) -> None:
        """Raise Forbidden unless the actor's role grants `permission`."""
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        if not self.can(permission):
            raise Forbidden(f"your role ({self.role}) may not do this ({permission})")

    @property
    def sees_all_regions(self) -> bool:
        return self.all_regions or self.role in COMPANY_WIDE_ROLES

    def region_scope(self) -> str | None:
        """None when the actor sees every region, else the one region code they may see."""
        return None if self.sees_all_regions else (self.region_code or "")

    def require_customer(self, customer_id: int, customer_region: str | None) -> None:
        """Raise Forbidden unless the actor may see this customer at all (region scope)."""
        self.require("customers.read")
        if self.sees_all_regions or customer_id in self.offered_customer_ids:
            return
        if customer_region is None or customer_region != self.region_code:
            raise Forbidden("this customer belongs to another region than yours")


def permissions_of(roles: Collection[Role]) -> frozenset[str]:
    out: set[str] = set()
    for role in roles:
        out |= ROLE_PERMISSIONS[role]
    return frozenset(out)
