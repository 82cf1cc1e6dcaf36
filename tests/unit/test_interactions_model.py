"""Interactions: the timeline order agents see and the contact-reason tree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from carecenter.domain.errors import InvalidInput
from carecenter.domain.interactions.model import (
    DEFAULT_REASONS,
    Channel,
    ContactReason,
    Direction,
    Interaction,
    InteractionStatus,
    timeline_order,
    validate_reason_code,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _contact(n: int, hours: int, status: InteractionStatus = InteractionStatus.CLOSED) -> Interaction:
    return Interaction(n, 1, Channel.VOICE, Direction.INBOUND, T0 + timedelta(hours=hours), status=status)


def test_timeline_shows_open_items_first_then_newest_first() -> None:
    items = [
        _contact(1, 0),
        _contact(2, 5),
        _contact(3, 1, InteractionStatus.OPEN),
        _contact(4, 9, InteractionStatus.OPEN),
    ]
    assert [i.id for i in timeline_order(items)] == [4, 3, 2, 1]


def test_reason_tree_parents_exist_for_every_default_reason() -> None:
    codes = {r.code for r in DEFAULT_REASONS}
    assert len(codes) == len(DEFAULT_REASONS)
    for reason in DEFAULT_REASONS:
        assert reason.parent_code is None or reason.parent_code in codes, reason.code
        assert reason.label_en and reason.label_vi
    assert ContactReason("billing.dispute.wrong_amount", "x", "y").depth == 2


def test_unknown_reason_codes_are_invalid_input() -> None:
    validate_reason_code("billing.dispute", (r.code for r in DEFAULT_REASONS))
    with pytest.raises(InvalidInput) as error:
        validate_reason_code("billing.unknown", (r.code for r in DEFAULT_REASONS))
    assert error.value.problems[0].field == "reason_code"
