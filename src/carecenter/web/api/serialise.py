"""Domain and query objects -> JSON-ready dicts for the REST API (one place, reused by every route)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from carecenter.app.ports.customers import CustomerSummary
from carecenter.app.queries.customer360 import Customer360
from carecenter.app.queries.identify import Identification, Match
from carecenter.domain.customers.model import Bill, Customer, Premise, ServiceAccount
from carecenter.domain.interactions.model import Interaction


def summary(c: CustomerSummary) -> dict[str, Any]:
    return asdict(c)


def identification(found: Identification) -> dict[str, Any]:
    body = {
        "match": found.match.value,
        "normalised": found.normalised,
        "hidden": found.hidden,
        "customers": [summary(c) for c in found.customers],
    }
    if found.match is Match.NEW_CALLER:
        # Where an agent's screen goes next: the quick-create form, prefilled with the caller's number.
        query = urlencode({"phone": found.normalised}) if found.normalised else ""
        body["quick_create"] = {
            "page": f"/customers/new?{query}" if query else "/customers/new",
            "api": "POST /api/v1/customers",
        }
    return body


def customer(c: Customer) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind.value,
        "name": c.name,
        "segment": c.segment.value,
        "region_code": c.region_code,
        "branch_code": c.branch_code,
        "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
        "identities": [
            {"id": i.id, "kind": i.kind.value, "value": i.value, "is_primary": i.is_primary} for i in c.identities
        ],
        "consent_marketing": c.consent_marketing,
        "consent_data_processing": c.consent_data_processing,
        "erased": c.is_erased,
        "merged_into_id": c.merged_into_id,
        "version": c.version,
    }


def premise(p: Premise) -> dict[str, Any]:
    return {"id": p.id, "network_node": p.network_node, **asdict(p.address), "one_line": p.address.one_line()}


def service(s: ServiceAccount, version: int) -> dict[str, Any]:
    return {
        "id": s.id,
        "customer_id": s.customer_id,
        "account_number": s.account_number,
        "kind": s.kind.value,
        "status": s.status.value,
        "product_code": s.product_code,
        "meter_number": s.meter_number,
        "premise_id": s.premise_id,
        "activated_on": s.activated_on.isoformat() if s.activated_on else None,
        "version": version,
    }


def bill(b: Bill) -> dict[str, Any]:
    return {
        "id": b.id,
        "period": b.period,
        "amount_vnd": b.amount_vnd,
        "paid_vnd": b.paid_vnd,
        "arrears_vnd": b.arrears_vnd,
        "due_date": b.due_date.isoformat(),
        "service_account_id": b.service_account_id,
    }


def interaction(i: Interaction) -> dict[str, Any]:
    return {
        "id": i.id,
        "customer_id": i.customer_id,
        "channel": i.channel.value,
        "direction": i.direction.value,
        "status": i.status.value,
        "started_at": i.started_at.isoformat(),
        "ended_at": i.ended_at.isoformat() if i.ended_at else None,
        "queue": i.queue,
        "agent_id": i.agent_id,
        "reason_code": i.reason_code,
        "notes": i.notes,
        "outcome": i.outcome,
        "identity": i.identity,
    }


def customer_360(view: Customer360) -> dict[str, Any]:
    return {
        "customer": customer(view.customer),
        "masked": view.masked,
        "premises": [premise(p) for p in view.premises],
        "services": [service(s, v) for s, v in view.services],
        "bills": [bill(b) for b in view.bills],
        "payments": [
            {
                "bill_id": p.bill_id,
                "amount_vnd": p.amount_vnd,
                "paid_at": p.paid_at.isoformat(),
                "method": p.method,
            }
            for p in view.payments
        ],
        "arrears_vnd": view.arrears_vnd,
        "open_items": [interaction(i) for i in view.open_items],
        "timeline": [interaction(i) for i in view.timeline],
    }
