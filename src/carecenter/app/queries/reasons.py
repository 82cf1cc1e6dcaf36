"""The contact-reason tree."""

from __future__ import annotations

from carecenter.app.context import AppContext
from carecenter.domain.interactions.model import ContactReason


def contact_reasons(ctx: AppContext) -> list[ContactReason]:
    with ctx.uow() as uow:
        return uow.interactions.reasons()
