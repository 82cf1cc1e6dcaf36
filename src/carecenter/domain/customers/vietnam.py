"""Vietnam's administrative map after the 1 July 2025 reform, the care centre's regions and branches,
and the phone number ranges a Vietnamese customer can have.

Facts, kept as data. Since the reform there are 34 province-level units (6 cities, 28 provinces) and
no districts: a ward (phường), commune (xã) or special zone (đặc khu) sits directly under its province.
Province codes are the two-digit codes of the 2025 list (the code of the old province whose seat the
new one kept). Each province carries a handful of real current wards, not all of them; ward codes are
ours (province code + 3 digits, in the order listed) and stable. Every ward also names one plausible
old (pre-2025) province / district / ward it was formed from, because customers and old records still
write addresses that way.
"""

from __future__ import annotations

from dataclasses import dataclass

from carecenter.domain.customers.vietnam_places import PROVINCE_MAP


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True)
class Branch:
    code: str
    name: str
    region_code: str


@dataclass(frozen=True)
class Ward:
    code: str
    name: str
    old_province: str
    old_district: str
    old_ward: str


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    short: str  # three letters, as in network node and account-number prefixes
    region_code: str
    branch_code: str
    area_code: str  # landline area code in national form ("024"); one per province for our purposes
    population_m: float  # millions of inhabitants, roughly (2024 figures of the merged units)
    wards: tuple[Ward, ...]


REGIONS: tuple[Region, ...] = (
    Region("MB", "Miền Bắc"),
    Region("MT", "Miền Trung"),
    Region("MN", "Miền Nam"),
)

BRANCHES: tuple[Branch, ...] = (
    Branch("HN01", "Chi nhánh Hà Nội", "MB"),
    Branch("HP01", "Chi nhánh Hải Phòng - Đông Bắc", "MB"),
    Branch("TN01", "Chi nhánh Trung du và miền núi phía Bắc", "MB"),
    Branch("NA01", "Chi nhánh Bắc Trung Bộ", "MT"),
    Branch("DN01", "Chi nhánh Đà Nẵng", "MT"),
    Branch("KH01", "Chi nhánh Nam Trung Bộ và Tây Nguyên", "MT"),
    Branch("HC01", "Chi nhánh Thành phố Hồ Chí Minh", "MN"),
    Branch("DG01", "Chi nhánh Đông Nam Bộ", "MN"),
    Branch("CT01", "Chi nhánh Đồng bằng sông Cửu Long", "MN"),
)


def _parse(text: str) -> tuple[Province, ...]:
    provinces: list[Province] = []
    for block in text.strip().split("\n\n"):
        head, *lines = block.strip().splitlines()
        code, name, short, region_code, branch_code, area_code, population = head.split("|")
        wards = []
        for index, line in enumerate(lines, start=1):
            ward_name, old_province, old_district, old_ward = line.split("|")
            wards.append(Ward(f"{code}{index:03d}", ward_name, old_province or name, old_district, old_ward))
        provinces.append(
            Province(code, name, short, region_code, branch_code, area_code, float(population), tuple(wards))
        )
    return tuple(provinces)


PROVINCES: tuple[Province, ...] = _parse(PROVINCE_MAP)
PROVINCES_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}
BRANCHES_BY_CODE: dict[str, Branch] = {b.code: b for b in BRANCHES}

# Mobile ranges per carrier, in national form. Where libphonenumber's metadata knows only part of a
# range (052x, 089x, 099x) we list just the sub-ranges it accepts, so every generated number is one
# the care centre's own validation (`phones.normalise_phone`) would take.
MOBILE_PREFIXES: dict[str, tuple[str, ...]] = {
    "Viettel": ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"),
    "VinaPhone": ("081", "082", "083", "084", "085", "088", "091", "094"),
    "MobiFone": ("070", "076", "077", "078", "079", "0896", "0897", "0898", "0899", "090", "093"),
    "Vietnamobile": ("0522", "0523", "0528", "056", "058", "092"),
    "Gmobile": ("059", "0990", "0991", "0993", "0994", "0995", "0996", "0997", "0998", "0999"),
}

# Rough subscriber shares, so the demo's mix of prefixes looks like a real customer base.
CARRIER_SHARE: dict[str, float] = {
    "Viettel": 0.54,
    "VinaPhone": 0.23,
    "MobiFone": 0.18,
    "Vietnamobile": 0.04,
    "Gmobile": 0.01,
}

NATIONAL_MOBILE_DIGITS = 10  # 0 + 9 digits
NATIONAL_LANDLINE_DIGITS = 11  # 0 + area code + subscriber number, 10 digits after the trunk 0
# Fixed-line subscriber numbers start with 2..8 (libphonenumber: 024[2-8]…, 028[2-9]…); 3 is the
# most common first digit in both Hà Nội and Hồ Chí Minh, so all of ours start with it.
LANDLINE_FIRST_DIGIT = "3"


def mobile_e164(prefix: str, subscriber: int) -> str:
    """The E.164 form of the mobile number `prefix` + `subscriber` (zero-padded to 10 digits)."""
    width = NATIONAL_MOBILE_DIGITS - len(prefix)
    return f"+84{prefix[1:]}{subscriber % 10**width:0{width}d}"


def landline_e164(area_code: str, subscriber: int) -> str:
    """The E.164 form of a fixed line in `area_code` ("024", "0236"); `subscriber` is reduced to fit."""
    width = NATIONAL_LANDLINE_DIGITS - len(area_code) - 1
    return f"+84{area_code[1:]}{LANDLINE_FIRST_DIGIT}{subscriber % 10**width:0{width}d}"
