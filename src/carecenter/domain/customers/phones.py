"""Phone numbers as the care centre sees them: E.164, default region Vietnam.

`phonenumbers` (pure data, no I/O) does the parsing; this module adds the one Vietnamese rule it cannot
know for callers' old habits: in 2018 the 11-digit mobile numbers (01xx…) were shortened to 10 digits
with new prefixes, and customers' records and memories still hold the old form.
"""

from __future__ import annotations

import phonenumbers

from carecenter.domain.errors import FieldProblem, InvalidInput

DEFAULT_REGION = "VN"

# Old 11-digit mobile prefix (national form, with the trunk 0) -> new 10-digit prefix, per the
# Ministry of Information and Communications' 2018 conversion plan.
OLD_MOBILE_PREFIXES: dict[str, str] = {
    # Viettel
    "0162": "032",
    "0163": "033",
    "0164": "034",
    "0165": "035",
    "0166": "036",
    "0167": "037",
    "0168": "038",
    "0169": "039",
    # MobiFone
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    # VinaPhone
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    # Vietnamobile
    "0186": "056",
    "0188": "058",
    # Gmobile
    "0199": "059",
}

WITHHELD = frozenset({"", "anonymous", "unknown", "private", "restricted", "unavailable", "withheld"})


def _national_digits(raw: str) -> str:
    """The digits of a Vietnamese number in national form (leading 0), or "" if not Vietnamese."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.strip().startswith("+") or raw.strip().startswith("00"):
        digits = digits[2:] if raw.strip().startswith("00") else digits
        if not digits.startswith("84"):
            return ""
        return "0" + digits[2:]
    if digits.startswith("84") and len(digits) in (11, 12):
        return "0" + digits[2:]
    return digits if digits.startswith("0") else ""


def modernise(raw: str) -> str:
    """Rewrite a pre-2018 11-digit Vietnamese mobile number to its current 10-digit form.

    Anything else is returned unchanged. Works on national (01…), 84… and +84… forms.
    """
    national = _national_digits(raw)
    if len(national) == 11:
        new_prefix = OLD_MOBILE_PREFIXES.get(national[:4])
        if new_prefix:
            return new_prefix + national[4:]
    return raw


def normalise_phone(raw: str, region: str = DEFAULT_REGION, field: str = "phone") -> str:
    """The E.164 form (`+84912345678`) of `raw`, or InvalidInput naming `field`.

    Accepts spaces, dots, dashes and brackets, national and international forms, and old 11-digit
    Vietnamese mobiles (mapped to the current number).
    """
    text = (raw or "").strip()
    if not text:
        raise InvalidInput(FieldProblem(field, "phone number is empty"))
    try:
        parsed = phonenumbers.parse(modernise(text), region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(FieldProblem(field, f"not a phone number: {text!r}")) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidInput(FieldProblem(field, f"not a valid phone number: {text!r}"))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def try_normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """Like `normalise_phone`, but None for a withheld, unknown or unparsable caller ID."""
    if (raw or "").strip().lower() in WITHHELD:
        return None
    try:
        return normalise_phone(raw, region)
    except InvalidInput:
        return None


def national_format(e164: str) -> str:
    """How a Vietnamese agent writes the number: `0912 345 678`; foreign numbers stay international."""
    parsed = phonenumbers.parse(e164, None)
    if parsed.country_code == 84:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_mobile(e164: str) -> bool:
    number_type = phonenumbers.number_type(phonenumbers.parse(e164, None))
    return number_type in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
