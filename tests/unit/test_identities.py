"""Identities as typed by agents and importers, normalised to the form that is stored and looked up."""

from __future__ import annotations

import pytest

from carecenter.domain.customers.identities import mask, normalise_identity
from carecenter.domain.customers.model import IdentityKind
from carecenter.domain.errors import InvalidInput


def test_each_kind_normalises() -> None:
    assert normalise_identity("phone", "0912 345 678").value == "+84912345678"
    assert normalise_identity("email", "  An.Nguyen@Example.VN ").value == "an.nguyen@example.vn"
    assert normalise_identity("national_id", "079 123.456 789").value == "079123456789"
    assert normalise_identity("national_id", "123456789").value == "123456789"  # old 9-digit CMND
    assert normalise_identity("tax_code", "0301234567-001").value == "0301234567-001"


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("email", "no-at-sign"),
        ("email", "a@b"),
        ("national_id", "12345"),
        ("national_id", "0791234567890"),
        ("tax_code", "12345"),
        ("tax_code", "0301234567-1"),
        ("phone", "hello"),
    ],
)
def test_bad_values_name_the_field(kind: str, raw: str) -> None:
    with pytest.raises(InvalidInput) as error:
        normalise_identity(kind, raw, field="identities.2")
    assert error.value.problems[0].field == "identities.2"


def test_unknown_kind_names_the_kind_field() -> None:
    with pytest.raises(InvalidInput) as error:
        normalise_identity("passport", "B1234567")
    assert error.value.problems[0].field == "kind"


def test_mask_hides_all_but_the_last_three_characters_of_documents() -> None:
    assert mask(IdentityKind.NATIONAL_ID, "079123456789") == "•••••••••789"
    assert mask(IdentityKind.TAX_CODE, "0301234567") == "•••••••567"
    assert mask(IdentityKind.PHONE, "+84912345678") == "+84912345678"  # agents must be able to call back
