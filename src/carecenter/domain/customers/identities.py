"""Turning what a user typed into a normalised identity (the form stored and looked up)."""

from __future__ import annotations

import re

from carecenter.domain.customers.model import Identity, IdentityKind
from carecenter.domain.customers.phones import normalise_phone
from carecenter.domain.errors import FieldProblem, InvalidInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# CCCD (12 digits) since 2016, CMND (9 digits) before it; both still appear on records.
_NATIONAL_ID = re.compile(r"^(\d{9}|\d{12})$")
# Enterprise tax code: 10 digits, branches add -NNN.
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def normalise_identity(kind: IdentityKind | str, raw: str, field: str = "value") -> Identity:
    """A validated Identity of `kind` from `raw`, or InvalidInput naming `field`."""
    try:
        kind = IdentityKind(kind)
    except ValueError as exc:
        allowed = ", ".join(k.value for k in IdentityKind)
        raise InvalidInput(FieldProblem("kind", f"unknown identity kind {kind!r}; use one of {allowed}")) from exc
    value = (raw or "").strip()
    if kind is IdentityKind.PHONE:
        return Identity(kind, normalise_phone(value, field=field))
    if kind is IdentityKind.EMAIL:
        value = value.lower()
        if len(value) > 254:
            raise InvalidInput(FieldProblem(field, "an email address has at most 254 characters"))
        if not _EMAIL.match(value):
            raise InvalidInput(FieldProblem(field, f"not an email address: {raw!r}"))
        return Identity(kind, value)
    compact = value.replace(" ", "").replace(".", "")
    if kind is IdentityKind.NATIONAL_ID and not _NATIONAL_ID.match(compact):
        raise InvalidInput(FieldProblem(field, "national ID must have 9 (CMND) or 12 (CCCD) digits"))
    if kind is IdentityKind.TAX_CODE and not _TAX_CODE.match(compact):
        raise InvalidInput(FieldProblem(field, "tax code must be 10 digits, optionally -NNN for a branch"))
    return Identity(kind, compact)


def mask(kind: IdentityKind, value: str) -> str:
    """What a role without `customers.read_sensitive` sees: the last 3 characters only."""
    if kind in (IdentityKind.NATIONAL_ID, IdentityKind.TAX_CODE):
        return "•" * max(len(value) - 3, 0) + value[-3:]
    return value
