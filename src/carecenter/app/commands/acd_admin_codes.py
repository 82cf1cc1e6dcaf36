"""Administering reason codes: why an agent is not ready, and why a customer got in touch (contact reasons).

A code is never deleted, only retired (`active` false): a retired code is no longer offered or accepted,
and still labels what was recorded with it. The router reads neither list (the desk checks a reason per
request), so a save leaves the router alone. Codes and labels follow acd_admin's rules.
"""

from __future__ import annotations

from carecenter.app.commands.acd_admin import check_code, check_name
from carecenter.app.context import AppContext
from carecenter.app.ports.routing import NotReadyReason
from carecenter.domain.access.permissions import Actor
from carecenter.domain.errors import ProblemCollector
from carecenter.domain.events import event
from carecenter.domain.interactions.model import ContactReason


def save_not_ready_reason(
    ctx: AppContext, actor: Actor, code: str, label_en: str, label_vi: str, active: bool = True
) -> NotReadyReason:
    """Create or change a not-ready reason; an inactive one is no longer offered to agents."""
    actor.require("acd.admin")
    problems = ProblemCollector()
    _check_labels(problems, code, label_en, label_vi)
    problems.raise_if_any()
    reason = NotReadyReason(code, label_en.strip(), label_vi.strip(), active)
    with ctx.uow() as uow:
        created = uow.routing_config.save_not_ready_reason(reason)
        uow.events.append(
            event("NotReadyReasonSaved", "not_ready_reason", code, active=active, created=created),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    return reason


def save_contact_reason(
    ctx: AppContext, actor: Actor, code: str, label_en: str, label_vi: str, active: bool = True
) -> ContactReason:
    """Create or change a contact reason; a retired one (`active` false) is no longer chosen at wrap-up.

    Codes form a tree by their dots (`billing.dispute` sits under `billing`), so a new code's parent must
    exist (field "code").
    """
    actor.require("acd.admin")
    problems = ProblemCollector()
    _check_labels(problems, code, label_en, label_vi)
    problems.raise_if_any()
    reason = ContactReason(code, label_en.strip(), label_vi.strip(), active)
    with ctx.uow() as uow:
        if reason.parent_code is not None:
            known = {r.code for r in uow.interactions.reasons(include_retired=True)}
            if reason.parent_code not in known:
                problems.add("code", f"add its parent reason {reason.parent_code!r} first")
                problems.raise_if_any()
        created = uow.routing_config.save_contact_reason(reason)
        uow.events.append(
            event("ContactReasonSaved", "contact_reason", code, active=active, created=created),
            actor.user_id,
            ctx.clock.now(),
        )
        uow.commit()
    return reason


def _check_labels(problems: ProblemCollector, code: str, label_en: str, label_vi: str) -> None:
    check_code(problems, code)
    check_name(problems, "label_en", label_en)
    check_name(problems, "label_vi", label_vi)
