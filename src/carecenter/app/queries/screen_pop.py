"""The screen pop: who is calling, and their customer 360 when there is exactly one — in one go.

This is the path an offered contact takes (caller ID -> agent's screen), so it is one unit of work with
one commit: identification, the 360, and the read-audit rows together.
"""

from __future__ import annotations

from dataclasses import dataclass

from carecenter.app.context import AppContext
from carecenter.app.queries.customer360 import Customer360, load_360
from carecenter.app.queries.identify import Identification, Match, audit_shown, identify_in
from carecenter.domain.access.permissions import Actor


@dataclass(frozen=True)
class ScreenPop:
    identification: Identification
    view: Customer360 | None  # present exactly when identification.match is FOUND


def screen_pop(
    ctx: AppContext,
    actor: Actor,
    phone: str | None = None,
    email: str | None = None,
    account: str | None = None,
    screen: str = "screen-pop",
) -> ScreenPop:
    """Identify by exactly one of phone/email/account; with one match, include that customer's 360.

    Candidates (several matches) and new callers come without a 360: the agent picks or quick-creates.
    Every customer shown gets a read-audit row. Raises InvalidInput, Forbidden.
    """
    with ctx.uow() as uow:
        found = identify_in(uow, actor, phone, email, account)
        view = load_360(uow, actor, found.customers[0].id) if found.match is Match.FOUND else None
        audit_shown(uow, ctx, actor, found.customers, screen)
        uow.commit()
    return ScreenPop(found, view)
