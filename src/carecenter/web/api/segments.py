"""REST: editable segment rules and re-segmentation."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post, put
from litestar.params import JSONBody

from carecenter.app.commands.segments import RuleInput, recompute_segments, replace_segment_rules, segment_rules
from carecenter.web.access import Ctx, current, rule


class RuleIn(msgspec.Struct):
    segment: str
    kind: str  # top_revenue_percent | min_revenue | kind
    params: dict[str, str | int | float]


class RulesIn(msgspec.Struct):
    rules: list[RuleIn]


def _out(rules: list[Any]) -> dict[str, Any]:
    return {
        "rules": [
            {"position": r.position, "segment": r.segment.value, "kind": r.kind, "params": dict(r.params)}
            for r in rules
        ]
    }


@get("/api/v1/segment-rules", opt=rule("customers.read"), sync_to_thread=True)
def list_rules(ctx: Ctx) -> dict[str, Any]:
    """Rules in evaluation order; the first that matches a customer sets their segment."""
    return _out(segment_rules(ctx))


@put("/api/v1/segment-rules", opt=rule("catalogue.admin"), sync_to_thread=True)
def put_rules(request: Request[Any, Any, Any], ctx: Ctx, data: JSONBody[RulesIn]) -> dict[str, Any]:
    rules = [RuleInput(r.segment, r.kind, r.params) for r in data.rules]
    return _out(replace_segment_rules(ctx, current(request).actor, rules))


@post("/api/v1/segment-rules/apply", opt=rule("catalogue.admin"), sync_to_thread=True, status_code=200)
def apply_rules(request: Request[Any, Any, Any], ctx: Ctx) -> dict[str, Any]:
    """Re-segment every customer by the rules and their trailing-12-month revenue."""
    return {"changed": recompute_segments(ctx, current(request).actor)}


ROUTES = [list_rules, put_rules, apply_rules]
