"""Realistic, deterministic demo data for a Vietnamese telecom and power care centre.

`generate(customers, seed, now)` yields `(table name, rows)` batches: plain dicts whose keys are
exactly the columns of that table (`adapters/db/tables.py`), in an order that respects foreign keys
(reference tables first, then customers and their children in chunks of `CHUNK_CUSTOMERS`, so memory
stays flat at ten million customers). Every row has `tenant_id` 1 and an explicit integer `id`,
counted from 1 per table, so children can point at parents before anything is stored.

The same `customers`, `seed` and `now` always give the same rows: randomness comes from one
`random.Random(seed)` and time only from `now` (timezone-aware; all datetimes produced are UTC).

Hot-loop rules, for speed (≥ 50,000 customers/second with children on one core): weighted draws are
`pool[int(random() * len(pool))]` over pre-expanded tuples, phone numbers are built from ranges known to
be valid (the unit tests check them with libphonenumber), and search tokens of recurring strings
(names, streets, wards) are folded once and cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from carecenter.domain.customers.segments import DEFAULT_RULES
from carecenter.domain.demo import catalogue
from carecenter.domain.demo.billing import billing_periods
from carecenter.domain.demo.factory import CHUNK_TABLES, CustomerFactory, Row
from carecenter.domain.demo.traffic import contact_calendar
from carecenter.domain.interactions.model import DEFAULT_REASONS

__all__ = ["CHUNK_CUSTOMERS", "TENANT_NAME", "Row", "generate", "reference_rows"]

CHUNK_CUSTOMERS = 5_000
TENANT_ID = 1
TENANT_NAME = "Demo Telecom & Power"


def generate(customers: int, seed: int, now: datetime) -> Iterator[tuple[str, list[Row]]]:
    """Every demo row for `customers` customers, as (table, batch) in foreign-key order.

    `now` must be timezone-aware; interactions, bills and payments all lie before it.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if customers < 0:
        raise ValueError("customers must not be negative")
    now = now.astimezone(UTC)
    yield from reference_rows(now)
    factory = CustomerFactory(seed, now, contact_calendar(now), billing_periods(now))
    done = 0
    while done < customers:
        size = min(CHUNK_CUSTOMERS, customers - done)
        chunk = factory.chunk(size)
        for table in CHUNK_TABLES:
            yield table, chunk[table]
        done += size


def reference_rows(now: datetime) -> Iterator[tuple[str, list[Row]]]:
    """Tenant, regions, branches, products, promotions, contact reasons and segment rules."""
    from carecenter.domain.customers.vietnam import BRANCHES, REGIONS

    tenant = TENANT_ID
    today = (now + timedelta(hours=7)).date()
    yield "tenants", [{"id": 1, "tenant_id": tenant, "name": TENANT_NAME, "timezone": "Asia/Ho_Chi_Minh"}]
    yield "regions", [{"id": i, "tenant_id": tenant, "code": r.code, "name": r.name} for i, r in enumerate(REGIONS, 1)]
    yield (
        "branches",
        [
            {"id": i, "tenant_id": tenant, "code": b.code, "name": b.name, "region_code": b.region_code}
            for i, b in enumerate(BRANCHES, 1)
        ],
    )
    yield (
        "products",
        [
            {
                "id": i,
                "tenant_id": tenant,
                "code": p.code,
                "name": p.name,
                "service_kind": p.service_kind.value,
                "monthly_fee_vnd": p.monthly_fee_vnd,
                "active": True,
            }
            for i, p in enumerate(catalogue.PRODUCTS, 1)
        ],
    )
    yield (
        "promotions",
        [
            {
                "id": i,
                "tenant_id": tenant,
                "code": code,
                "name": name,
                "product_code": product,
                "discount_percent": percent,
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
            for i, (code, name, product, percent, valid_from, valid_to) in enumerate(catalogue.promotions(today), 1)
        ],
    )
    yield (
        "contact_reasons",
        [
            {
                "id": i,
                "tenant_id": tenant,
                "code": r.code,
                "label_en": r.label_en,
                "label_vi": r.label_vi,
                "active": r.active,
            }
            for i, r in enumerate(DEFAULT_REASONS, 1)
        ],
    )
    yield (
        "segment_rules",
        [
            {
                "id": i,
                "tenant_id": tenant,
                "position": rule.position,
                "segment": rule.segment.value,
                "kind": rule.kind,
                "params": dict(rule.params),
            }
            for i, rule in enumerate(DEFAULT_RULES, 1)
        ],
    )
