"""Segments (VIP/large, SME, residential) set by editable rules, evaluated in order.

A rule is data (kind + parameters) so admins can edit it; the first rule that matches a customer
wins, and a customer no rule matches is residential.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from carecenter.domain.customers.model import CustomerKind, Segment
from carecenter.domain.errors import FieldProblem, InvalidInput


@dataclass(frozen=True)
class SegmentRule:
    """`top_revenue_percent` (param `percent`), `min_revenue` (param `vnd`) or `kind` (param `kind`)."""

    segment: Segment
    kind: str
    params: Mapping[str, str | int | float]
    position: int = 0

    def validate(self) -> None:
        if self.kind == "top_revenue_percent":
            percent = float(self.params.get("percent", 0))
            if not 0 < percent <= 100:
                raise InvalidInput(FieldProblem("params.percent", "must be between 0 and 100"))
        elif self.kind == "min_revenue":
            if int(self.params.get("vnd", -1)) < 0:
                raise InvalidInput(FieldProblem("params.vnd", "must be a non-negative amount in VND"))
        elif self.kind == "kind":
            if str(self.params.get("kind")) not in {k.value for k in CustomerKind}:
                raise InvalidInput(FieldProblem("params.kind", "must be person or business"))
        else:
            raise InvalidInput(FieldProblem("kind", "use top_revenue_percent, min_revenue or kind"))


@dataclass(frozen=True)
class CustomerRevenue:
    customer_id: int
    kind: CustomerKind
    revenue_12m_vnd: int


def assign_segments(customers: Sequence[CustomerRevenue], rules: Sequence[SegmentRule]) -> dict[int, Segment]:
    """The segment of every customer under `rules` (first match by position wins)."""
    ordered = sorted(rules, key=lambda r: r.position)
    by_revenue = sorted(customers, key=lambda c: c.revenue_12m_vnd, reverse=True)
    top_sets: dict[int, set[int]] = {}
    for index, rule in enumerate(ordered):
        if rule.kind == "top_revenue_percent":
            count = math.ceil(len(by_revenue) * float(rule.params["percent"]) / 100)
            top_sets[index] = {c.customer_id for c in by_revenue[:count] if c.revenue_12m_vnd > 0}
    result: dict[int, Segment] = {}
    for customer in customers:
        result[customer.customer_id] = Segment.RESIDENTIAL
        for index, rule in enumerate(ordered):
            if _matches(rule, customer, top_sets.get(index, set())):
                result[customer.customer_id] = rule.segment
                break
    return result


def _matches(rule: SegmentRule, customer: CustomerRevenue, top: set[int]) -> bool:
    if rule.kind == "top_revenue_percent":
        return customer.customer_id in top
    if rule.kind == "min_revenue":
        return customer.revenue_12m_vnd >= int(rule.params["vnd"])
    if rule.kind == "kind":
        return customer.kind.value == rule.params["kind"]
    return False


DEFAULT_RULES = (
    SegmentRule(Segment.VIP, "top_revenue_percent", {"percent": 5}, 0),
    SegmentRule(Segment.SME, "kind", {"kind": "business"}, 1),
)
