"""The Vietnamese reference data: the 2025 map, regions and branches, names and phone ranges."""

from __future__ import annotations

import random
import unicodedata

import pytest

from carecenter.domain.customers import vietnam_names as names
from carecenter.domain.customers.phones import is_mobile, normalise_phone
from carecenter.domain.customers.vietnam import (
    BRANCHES,
    BRANCHES_BY_CODE,
    CARRIER_SHARE,
    MOBILE_PREFIXES,
    PROVINCES,
    PROVINCES_BY_CODE,
    REGIONS,
    landline_e164,
    mobile_e164,
)


def test_there_are_34_province_level_units_six_of_them_cities() -> None:
    assert len(PROVINCES) == 34
    assert len(PROVINCES_BY_CODE) == 34
    assert len({p.short for p in PROVINCES}) == 34
    cities = {p.name for p in PROVINCES if p.name.startswith("Thành phố ")}
    assert cities == {
        "Thành phố Hà Nội",
        "Thành phố Hồ Chí Minh",
        "Thành phố Hải Phòng",
        "Thành phố Đà Nẵng",
        "Thành phố Huế",
        "Thành phố Cần Thơ",
    }
    assert all(p.name.startswith(("Tỉnh ", "Thành phố ")) for p in PROVINCES)


def test_merged_provinces_remember_where_their_wards_came_from() -> None:
    lam_dong = PROVINCES_BY_CODE["68"]
    assert lam_dong.name == "Tỉnh Lâm Đồng"
    assert {"Tỉnh Lâm Đồng", "Tỉnh Đắk Nông", "Tỉnh Bình Thuận"} <= {w.old_province for w in lam_dong.wards}
    hcm = PROVINCES_BY_CODE["79"]
    ben_thanh = next(w for w in hcm.wards if w.name == "Phường Bến Thành")
    assert (ben_thanh.old_province, ben_thanh.old_district, ben_thanh.old_ward) == (
        "Thành phố Hồ Chí Minh",
        "Quận 1",
        "Phường Bến Thành",
    )


def test_every_province_has_five_to_ten_wards_with_stable_prefixed_codes() -> None:
    codes = [w.code for p in PROVINCES for w in p.wards]
    assert len(codes) == len(set(codes))
    for province in PROVINCES:
        assert 5 <= len(province.wards) <= 10, province.name
        for ward in province.wards:
            assert ward.code.startswith(province.code) and len(ward.code) == 5
            assert ward.name.startswith(("Phường ", "Xã ", "Đặc khu "))
            assert ward.old_province.startswith(("Tỉnh ", "Thành phố "))
            assert ward.old_district and ward.old_ward


def test_three_regions_each_with_two_to_four_branches_serving_their_own_provinces() -> None:
    assert [(r.code, r.name) for r in REGIONS] == [("MB", "Miền Bắc"), ("MT", "Miền Trung"), ("MN", "Miền Nam")]
    for region in REGIONS:
        assert 2 <= sum(1 for b in BRANCHES if b.region_code == region.code) <= 4
    for province in PROVINCES:
        assert BRANCHES_BY_CODE[province.branch_code].region_code == province.region_code
    assert {b.code for b in BRANCHES} == {p.branch_code for p in PROVINCES}


@pytest.mark.parametrize("carrier", sorted(MOBILE_PREFIXES))
def test_every_mobile_range_gives_valid_vietnamese_mobiles(carrier: str) -> None:
    rng = random.Random(carrier)
    for prefix in MOBILE_PREFIXES[carrier]:
        for subscriber in (0, 10**9 - 1, *(rng.getrandbits(30) for _ in range(50))):
            number = mobile_e164(prefix, subscriber)
            assert number.startswith("+84") and len(number) == 12
            assert normalise_phone(number) == number
            assert normalise_phone("0" + number[3:]) == number
            assert is_mobile(number)


def test_every_province_area_code_gives_valid_landlines() -> None:
    rng = random.Random(7)
    for province in PROVINCES:
        for subscriber in (0, 10**9 - 1, *(rng.getrandbits(30) for _ in range(30))):
            number = landline_e164(province.area_code, subscriber)
            assert normalise_phone(number) == number, (province.name, number)
            assert not is_mobile(number)


def test_carrier_shares_add_up_and_cover_every_carrier() -> None:
    assert set(CARRIER_SHARE) == set(MOBILE_PREFIXES)
    assert sum(CARRIER_SHARE.values()) == pytest.approx(1.0)


def test_names_are_written_with_diacritics_and_nguyen_is_most_common() -> None:
    top = max(names.SURNAMES, key=lambda s: s[1])
    assert top[0] == "Nguyễn"
    everything = [s for s, _ in names.SURNAMES] + list(names.GIVEN_MALE + names.GIVEN_FEMALE + names.STREETS)
    assert sum(1 for n in everything if not n.isascii()) > len(everything) / 2
    assert all(unicodedata.is_normalized("NFC", n) for n in everything)


def test_hoa_names_are_written_in_chinese_characters() -> None:
    assert len(names.HOA_NAMES) >= 10
    for name in names.HOA_NAMES:
        assert all(0x4E00 <= ord(ch) <= 0x9FFF for ch in name), name
