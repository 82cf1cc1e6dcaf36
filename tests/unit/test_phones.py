"""Phone numbers: E.164 with Vietnam as the default region, and the 2018 11-to-10-digit mobile change."""

from __future__ import annotations

import pytest

from carecenter.domain.customers.phones import (
    OLD_MOBILE_PREFIXES,
    is_mobile,
    modernise,
    national_format,
    normalise_phone,
    try_normalise_phone,
)
from carecenter.domain.errors import InvalidInput


@pytest.mark.parametrize(
    "raw",
    ["0912345678", "0912 345 678", "091.234.5678", "(091) 234-5678", "+84 912 345 678", "84912345678", "0084912345678"],
)
def test_written_forms_of_one_mobile_normalise_alike(raw: str) -> None:
    assert normalise_phone(raw) == "+84912345678"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("01662345678", "+84362345678"),
        ("0120 345 6789", "+84703456789"),
        ("+84 1686 123 456", "+84386123456"),
        ("01234567890", "+84834567890"),
        ("01994567890", "+84594567890"),
    ],
)
def test_old_11_digit_mobiles_map_to_their_current_number(old: str, new: str) -> None:
    assert normalise_phone(old) == new


def test_every_old_prefix_maps_to_a_valid_mobile_range() -> None:
    for old, new in OLD_MOBILE_PREFIXES.items():
        assert len(old) == 4 and len(new) == 3
        assert is_mobile(normalise_phone(old + "1234567")), old


def test_modernise_leaves_other_numbers_alone() -> None:
    assert modernise("0912345678") == "0912345678"
    assert modernise("02838221234") == "02838221234"  # an 11-digit Ho Chi Minh City landline
    assert modernise("+1 202 555 0100") == "+1 202 555 0100"


def test_landlines_and_foreign_numbers() -> None:
    assert normalise_phone("028 3822 1234") == "+842838221234"
    assert normalise_phone("+1 202-555-0100") == "+12025550100"
    assert national_format("+84912345678") == "0912 345 678"
    assert national_format("+12025550100").startswith("+1 ")


@pytest.mark.parametrize("raw", ["", "   ", "abc", "12", "0912", "+84 12", "09123456789012345"])
def test_rubbish_is_invalid_input_naming_the_field(raw: str) -> None:
    with pytest.raises(InvalidInput) as error:
        normalise_phone(raw, field="phones.3")
    assert error.value.problems[0].field == "phones.3"


@pytest.mark.parametrize("caller_id", ["", "anonymous", "Anonymous", "PRIVATE", "unknown", "withheld", "xx"])
def test_withheld_and_unparsable_caller_ids_are_none(caller_id: str) -> None:
    assert try_normalise_phone(caller_id) is None
