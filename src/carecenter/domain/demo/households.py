"""Who a demo customer is and where they live: name, birth, address, phone and ID numbers.

Drawn from `customers/vietnam.py` and `customers/vietnam_names.py` with one shared `random.Random`,
so the sequence of customers depends only on the seed. Search tokens of every recurring string are
folded once and cached (`Tokens`), because folding is the slowest step per customer.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from carecenter.domain.customers import vietnam_names as names
from carecenter.domain.customers.vietnam import (
    CARRIER_SHARE,
    MOBILE_PREFIXES,
    PROVINCES,
    Province,
    Ward,
    landline_e164,
    mobile_e164,
)
from carecenter.domain.search.folding import fold, tokens

T = TypeVar("T")

HOA_SHARE = 0.01
OLD_ADDRESS_SHARE = 0.30
_DOB_FIRST = date(1950, 1, 1).toordinal()
_DOB_SPAN = date(2006, 12, 31).toordinal() - _DOB_FIRST


def weighted_pool(weighted: Iterable[tuple[T, float]], bits: int = 10) -> tuple[T, ...]:
    """A tuple of 2**bits entries holding each item in proportion to its weight (at least once).

    `pool[getrandbits(bits)]` is then a weighted draw costing one index: about 45 ns, against 160 ns
    for `pool[int(random() * len(pool))]` and far more for `random.choices`. Slots are handed out by
    largest remainder, so the shares are exact to 1/2**bits.
    """
    items = list(weighted)
    size = 1 << bits
    total = sum(weight for _, weight in items)
    quotas = [weight / total * size for _, weight in items]
    counts = [max(1, int(q)) for q in quotas]
    by_remainder = sorted(range(len(items)), key=lambda i: quotas[i] - int(quotas[i]), reverse=True)
    for step in range(size - sum(counts)):
        counts[by_remainder[step % len(items)]] += 1
    while sum(counts) > size:  # only when many tiny weights were rounded up to one slot
        counts[counts.index(max(counts))] -= 1
    return tuple(item for (item, _), count in zip(items, counts, strict=True) for _ in range(count))


def spread(items: Sequence[T], bits: int = 10) -> tuple[T, ...]:
    """`weighted_pool` with equal weights: a uniform draw through the same cheap path."""
    return weighted_pool(((item, 1.0) for item in items), bits)


class Tokens:
    """`folding.tokens` with a cache, for strings that recur (names, streets, wards, provinces)."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = tokens(text)
        return found


@dataclass(slots=True)
class Household:
    """The person or company behind one customer record, and the premise they are billed at."""

    business: bool
    name: str
    name_tokens: list[str]
    male: bool
    birth: date | None
    province: Province
    ward: Ward
    line: str  # address line: house number and street, or hamlet
    line_tokens: list[str]
    old_address: bool  # whether the record still carries the pre-2025 province/district/ward
    phone: str  # E.164
    registry_id: str  # CCCD for a person, tax code for a company
    email: str | None
    email_tokens: list[str]  # as `folding.tokens(email)` would give, built without the regex


class HouseholdMaker:
    """Draws households from one random stream; every draw goes through a 2**n pool (`spread`)."""

    def __init__(self, rng: random.Random, tok: Tokens) -> None:
        self.rng = rng
        self.tok = tok
        self.provinces = weighted_pool(((p, p.population_m) for p in PROVINCES), 12)
        self.wards = {p.code: spread(p.wards, 6) for p in PROVINCES}
        self.surnames = weighted_pool(names.SURNAMES, 12)
        self.middles = (spread(names.MIDDLE_FEMALE, 8), spread(names.MIDDLE_MALE, 8))
        self.givens = (spread(names.GIVEN_FEMALE, 10), spread(names.GIVEN_MALE, 10))
        self.hoa_names = spread(names.HOA_NAMES, 8)
        self.streets = spread(names.STREETS, 10)
        self.hamlets = spread(names.HAMLET_WORDS, 6)
        self.forms = spread(names.BUSINESS_FORMS, 6)
        self.trades = spread(names.BUSINESS_TRADES, 8)
        self.brands = spread(names.BUSINESS_BRANDS, 8)
        self.mailboxes = spread(names.BUSINESS_MAILBOXES, 6)
        self.domains = spread(names.EMAIL_DOMAINS, 6)
        self.mobile_prefixes = weighted_pool(
            (
                (prefix, share / len(MOBILE_PREFIXES[carrier]))
                for carrier, share in CARRIER_SHARE.items()
                for prefix in MOBILE_PREFIXES[carrier]
            ),
            12,
        )
        self._folded: dict[str, str] = {}

    def fresh(self, business: bool) -> Household:
        rnd, bits = self.rng.random, self.rng.getrandbits
        province = self.provinces[bits(12)]
        ward = self.wards[province.code][bits(6)]
        male = rnd() < 0.5
        tok = self.tok
        email: str | None = None
        email_tokens: list[str] = []
        # Tokens are cached per name part: whole names are too many to cache, and folding is slow.
        if business:
            form, trade, brand = self.forms[bits(6)], self.trades[bits(8)], self.brands[bits(8)]
            name = f"{form} {trade} {brand}"
            name_tokens = [*tok(form), *tok(trade), *tok(brand)]
            birth = None
            registry_id = f"0{bits(30) % 1_000_000_000:09d}"
            if rnd() < 0.6:
                # Company domains join the brand and the trade's initials: hoanglongtmdv.com.vn.
                mailbox, host = self.mailboxes[bits(6)], self._ascii(brand) + self._initials(trade)
                email, email_tokens = f"{mailbox}@{host}.com.vn", [mailbox, host, "com", "vn"]
        else:
            birth = date.fromordinal(_DOB_FIRST + int(rnd() * _DOB_SPAN))
            if rnd() < HOA_SHARE:
                name = self.hoa_names[bits(8)]
                name_tokens = tok(name)
            else:
                surname, middle = self.surnames[bits(12)], self.middles[male][bits(8)]
                given = self.givens[male][bits(10)]
                name = f"{surname} {middle} {given}"
                name_tokens = [*tok(surname), *tok(middle), *tok(given)]
                if rnd() < 0.18:
                    domain = self.domains[bits(6)]
                    mailbox = f"{self._ascii(given)}{self._ascii(surname)}{birth.year % 100:02d}"
                    email, email_tokens = f"{mailbox}@{domain}", [mailbox, *domain.split(".")]
            # CCCD: birth-province code, century-and-sex digit, two-digit birth year, six random digits.
            century_sex = (0 if male else 1) + (2 if birth.year >= 2000 else 0)
            registry_id = f"0{province.code}{century_sex}{birth.year % 100:02d}{bits(20) % 1_000_000:06d}"
        line, line_tokens = self._address_line(province, ward)
        return Household(
            business,
            name,
            name_tokens,
            male,
            birth,
            province,
            ward,
            line,
            line_tokens,
            rnd() < OLD_ADDRESS_SHARE,
            self.mobile(),
            registry_id,
            email,
            email_tokens,
        )

    def mobile(self) -> str:
        bits = self.rng.getrandbits
        return mobile_e164(self.mobile_prefixes[bits(12)], bits(30))

    def landline(self, province: Province) -> str:
        return landline_e164(province.area_code, self.rng.getrandbits(30))

    def _address_line(self, province: Province, ward: Ward) -> tuple[str, list[str]]:
        """House number and street as written in the region, or a hamlet in a rural commune."""
        rnd, bits = self.rng.random, self.rng.getrandbits
        if ward.name.startswith("Xã") and rnd() < 0.7:
            word = self.hamlets[bits(6)]
            number = str(1 + bits(4) % 12)
            return f"{word} {number}", [*self.tok(word), number]
        street = self.streets[bits(10)]
        house = str(1 + bits(9) % 400)
        shape = rnd()
        if shape < 0.25 and province.region_code == "MB":  # Hà Nội style lanes: ngõ (lane) number first
            lane = str(1 + bits(8) % 200)
            return f"Số {house} ngõ {lane} {street}", ["so", house, "ngo", lane, *self.tok(street)]
        if shape < 0.25:  # the South and Centre write alleys (hẻm/kiệt) as 45/12
            alley = str(1 + bits(7) % 90)
            return f"{house}/{alley} {street}", [house, alley, *self.tok(street)]
        return f"{house} {street}", [house, *self.tok(street)]

    def _ascii(self, text: str) -> str:
        found = self._folded.get(text)
        if found is None:
            found = self._folded[text] = fold(text).replace(" ", "")
        return found

    def _initials(self, text: str) -> str:
        key = "\0" + text  # shares the folding cache without clashing with `_ascii` entries
        found = self._folded.get(key)
        if found is None:
            found = self._folded[key] = "".join(word[0] for word in fold(text).split())
        return found
