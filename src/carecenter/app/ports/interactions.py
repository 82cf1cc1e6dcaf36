"""The interaction history and the contact-reason tree."""

from __future__ import annotations

from typing import Protocol

from carecenter.domain.interactions.model import ContactReason, Interaction


class InteractionRepository(Protocol):
    def add(self, interaction: Interaction) -> int: ...

    def get(self, interaction_id: int) -> Interaction: ...

    def update(self, interaction: Interaction) -> None: ...

    def of_customer(self, customer_id: int, limit: int = 50) -> list[Interaction]:
        """Open ones and the newest closed ones (up to `limit` in all)."""
        ...

    def reasons(self, include_retired: bool = False) -> list[ContactReason]:
        """The reasons that may be chosen now, by code; with `include_retired`, every reason (to label history)."""
        ...

    def is_assigned_to(self, customer_id: int, agent_id: int) -> bool:
        """True while an open contact of this customer is assigned (offered) to this agent."""
        ...

    def move_to_customer(self, from_customer_id: int, to_customer_id: int) -> int:
        """Re-point every interaction (used by merge); returns how many moved."""
        ...
