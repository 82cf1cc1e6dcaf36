"""Segment rules and the revenue figures they are evaluated on."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from carecenter.domain.customers.model import Segment
from carecenter.domain.customers.segments import CustomerRevenue, SegmentRule


class SegmentRepository(Protocol):
    def rules(self) -> list[SegmentRule]:
        """The tenant's rules in evaluation order."""
        ...

    def replace_rules(self, rules: list[SegmentRule]) -> None: ...

    def revenues(self, since_period: str, until: date) -> list[CustomerRevenue]:
        """Every live customer with the sum of their bills from `since_period` (YYYY-MM) on."""
        ...

    def set_segments(self, segments: dict[int, Segment]) -> int:
        """Store the segments that changed; returns how many customers changed segment."""
        ...
