"""Where a notice to a customer goes; the outbox relay sends it (email/SMS arrive with the channels)."""

from __future__ import annotations

from carecenter.domain.customers.model import Customer, IdentityKind


def notice_address(customer: Customer) -> tuple[str, str | None]:
    """(channel, recipient): SMS to the first phone, else email to the first address, else a letter."""
    phones = customer.identities_of(IdentityKind.PHONE)
    if phones:
        return "sms", phones[0].value
    emails = customer.identities_of(IdentityKind.EMAIL)
    if emails:
        return "email", emails[0].value
    return "letter", None
