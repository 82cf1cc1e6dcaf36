"""The contact-reason tree."""

from __future__ import annotations

from carecenter.app.context import AppContext
from carecenter.domain.interactions.model import ContactReason


def contact_reasons(ctx: AppContext, include_retired: bool = False) -> list[ContactReason]:
    """The reasons that may be chosen now, by code; with `include_retired` every one (to label history)."""
    with ctx.read() as uow:
        return uow.interactions.reasons(include_retired)
