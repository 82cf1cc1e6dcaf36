"""Segment rules: editable data, evaluated in order, first match wins, the rest are residential."""

from __future__ import annotations

import pytest

from carecenter.domain.customers.model import CustomerKind, Segment
from carecenter.domain.customers.segments import DEFAULT_RULES, CustomerRevenue, SegmentRule, assign_segments
from carecenter.domain.errors import InvalidInput


def _people(revenues: list[int], kind: CustomerKind = CustomerKind.PERSON) -> list[CustomerRevenue]:
    return [CustomerRevenue(i, kind, r) for i, r in enumerate(revenues, 1)]


def test_top_percent_by_revenue_is_vip_and_businesses_are_sme() -> None:
    customers = [*_people([100 * i for i in range(1, 41)]), CustomerRevenue(99, CustomerKind.BUSINESS, 50)]
    segments = assign_segments(customers, DEFAULT_RULES)
    vips = {cid for cid, seg in segments.items() if seg is Segment.VIP}
    assert vips == {40, 39, 38}  # top 5 % of 41 customers, rounded up
    assert segments[99] is Segment.SME
    assert segments[1] is Segment.RESIDENTIAL


def test_rules_apply_in_position_order_first_match_wins() -> None:
    rules = [
        SegmentRule(Segment.SME, "kind", {"kind": "business"}, position=0),
        SegmentRule(Segment.VIP, "min_revenue", {"vnd": 1_000}, position=1),
    ]
    rich_business = CustomerRevenue(1, CustomerKind.BUSINESS, 5_000)
    rich_person = CustomerRevenue(2, CustomerKind.PERSON, 5_000)
    assert assign_segments([rich_business, rich_person], rules) == {1: Segment.SME, 2: Segment.VIP}
    assert assign_segments([rich_business, rich_person], list(reversed(rules))) == {1: Segment.SME, 2: Segment.VIP}


def test_customers_without_revenue_are_never_top_percent() -> None:
    rules = [SegmentRule(Segment.VIP, "top_revenue_percent", {"percent": 100})]
    assert assign_segments(_people([0, 0, 10]), rules) == {
        1: Segment.RESIDENTIAL,
        2: Segment.RESIDENTIAL,
        3: Segment.VIP,
    }


@pytest.mark.parametrize(
    ("kind", "params", "field"),
    [
        ("top_revenue_percent", {"percent": 0}, "params.percent"),
        ("top_revenue_percent", {"percent": 101}, "params.percent"),
        ("min_revenue", {"vnd": -1}, "params.vnd"),
        ("kind", {"kind": "alien"}, "params.kind"),
        ("magic", {}, "kind"),
    ],
)
def test_invalid_rules_name_the_bad_parameter(kind: str, params: dict[str, int | str], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        SegmentRule(Segment.VIP, kind, params).validate()
    assert error.value.problems[0].field == field
