"""Editing segment rules and re-segmenting customers (e.g. VIP = top 5 % by 12-month revenue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carecenter.app.context import AppContext
from carecenter.domain.access.permissions import Actor
from carecenter.domain.customers.model import Segment
from carecenter.domain.customers.segments import SegmentRule, assign_segments
from carecenter.domain.errors import FieldProblem, InvalidInput
from carecenter.domain.events import event


@dataclass(frozen=True)
class RuleInput:
    segment: str
    kind: str
    params: dict[str, str | int | float]


def replace_segment_rules(ctx: AppContext, actor: Actor, rules: list[RuleInput]) -> list[SegmentRule]:
    """Replace the tenant's rules (order = evaluation order); InvalidInput names `rules.N.field`."""
    actor.require("catalogue.admin")
    parsed: list[SegmentRule] = []
    for position, raw in enumerate(rules):
        try:
            segment = Segment(raw.segment)
        except ValueError:
            raise InvalidInput(FieldProblem(f"rules.{position}.segment", "must be vip, sme or residential")) from None
        rule = SegmentRule(segment, raw.kind, raw.params, position)
        try:
            rule.validate()
        except InvalidInput as exc:
            raise InvalidInput([FieldProblem(f"rules.{position}.{p.field}", p.reason) for p in exc.problems]) from None
        parsed.append(rule)
    with ctx.uow() as uow:
        uow.segments.replace_rules(parsed)
        uow.events.append(
            event("SegmentRulesReplaced", "tenant", actor.tenant_id, count=len(parsed)), actor.user_id, ctx.clock.now()
        )
        uow.commit()
    return parsed


def twelve_months_before(today: date) -> str:
    """The first billing period (YYYY-MM) of the trailing 12 months that end with `today`'s month."""
    month_index = today.year * 12 + today.month - 1 - 11
    return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"


def recompute_segments(ctx: AppContext, actor: Actor) -> int:
    """Apply the rules to every live customer's trailing-12-month revenue; returns how many changed."""
    actor.require("catalogue.admin")
    with ctx.uow() as uow:
        now = ctx.clock.now()
        rules = uow.segments.rules()
        revenues = uow.segments.revenues(twelve_months_before(now.date()), now.date())
        changed = uow.segments.set_segments(assign_segments(revenues, rules))
        uow.events.append(
            event("SegmentsRecomputed", "tenant", actor.tenant_id, customers=len(revenues), changed=changed),
            actor.user_id,
            now,
        )
        uow.commit()
    return changed


def segment_rules(ctx: AppContext) -> list[SegmentRule]:
    with ctx.uow() as uow:
        return uow.segments.rules()
