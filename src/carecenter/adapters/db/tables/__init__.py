"""Every table, as SQLAlchemy Core, grouped by area; import them from here.

Core rather than ORM classes: repositories map rows to the domain's frozen dataclasses explicitly, and
the hot read path (identify -> customer 360) stays a handful of indexed SELECTs (docs/adr/0002).
"""

from carecenter.adapters.db.tables.activity import contact_reasons, events, interactions, outbox
from carecenter.adapters.db.tables.base import metadata
from carecenter.adapters.db.tables.cases import case_interactions, case_notes, case_statuses, cases, sla_policies
from carecenter.adapters.db.tables.customers import (
    customer_search,
    customers,
    identities,
    import_batches,
    merges,
    premises,
)
from carecenter.adapters.db.tables.people import (
    api_tokens,
    branches,
    departments,
    login_failures,
    read_audit,
    regions,
    teams,
    tenants,
    users,
    web_sessions,
)
from carecenter.adapters.db.tables.routing import (
    acd_inbox,
    agent_profiles,
    agent_skills,
    agent_state,
    calendars,
    not_ready_reasons,
    queues,
    routing_contacts,
    skills,
    team_capacity,
)
from carecenter.adapters.db.tables.services import (
    bills,
    payments,
    products,
    promotions,
    segment_rules,
    service_accounts,
    service_changes,
)

__all__ = [
    "acd_inbox",
    "agent_profiles",
    "agent_skills",
    "agent_state",
    "api_tokens",
    "bills",
    "branches",
    "calendars",
    "case_interactions",
    "case_notes",
    "case_statuses",
    "cases",
    "contact_reasons",
    "customer_search",
    "customers",
    "departments",
    "events",
    "identities",
    "import_batches",
    "interactions",
    "login_failures",
    "merges",
    "metadata",
    "not_ready_reasons",
    "outbox",
    "payments",
    "premises",
    "products",
    "promotions",
    "queues",
    "read_audit",
    "regions",
    "routing_contacts",
    "segment_rules",
    "service_accounts",
    "service_changes",
    "skills",
    "sla_policies",
    "team_capacity",
    "teams",
    "tenants",
    "users",
    "web_sessions",
]
