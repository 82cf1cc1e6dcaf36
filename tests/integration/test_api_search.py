"""Finding customers: accent-insensitive search and caller identification, over HTTP on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from carecenter.bootstrap import Container
from tests.factories import Staff, add_service, make_customer


@pytest.fixture
def people(container: Container) -> dict[str, int]:
    ctx = container.context
    return {
        "an": make_customer(ctx, name="Nguyễn Văn An", phones=("0912345678",), region_code="MN"),
        "anh": make_customer(ctx, name="Nguyễn Văn Anh", phones=("0913000111",), region_code="MB"),
        "dang": make_customer(ctx, name="Đặng Thị Thu", phones=("0283 822 1234",), region_code="MN"),
        "zhang": make_customer(ctx, name="张伟明", phones=("0977000222",), region_code="MN"),
        "north": make_customer(ctx, name="Bùi Xuân Phái", phones=("0904555666",), region_code="MB"),
    }


def _search(client: TestClient[Any], who: Staff, q: str, **params: Any) -> list[int]:
    response = client.get("/api/v1/customers", params={"q": q, **params}, headers=who.headers)
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["results"]]


def test_search_without_diacritics_finds_vietnamese_names(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]
) -> None:
    # Every term prefix-matches, so "an" also finds "Anh"; "anh" does not find "An".
    assert set(_search(client, staff["agent"], "nguyen van an")) == {people["an"], people["anh"]}
    assert _search(client, staff["agent"], "nguyen van anh") == [people["anh"]]
    assert set(_search(client, staff["agent"], "NGUYỄN văn AN")) == {people["an"], people["anh"]}


def test_search_folds_d_with_stroke(client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]) -> None:
    assert _search(client, staff["agent"], "dang") == [people["dang"]]
    assert _search(client, staff["agent"], "Đặng thu") == [people["dang"]]


def test_search_finds_chinese_names_by_one_character(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]
) -> None:
    assert _search(client, staff["agent"], "伟") == [people["zhang"]]
    assert _search(client, staff["agent"], "张明") == [people["zhang"]]


def test_search_finds_a_customer_by_a_phone_fragment(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]
) -> None:
    assert _search(client, staff["agent"], "5666") == [people["north"]]
    # A fragment matches anywhere in the number: "1234" is inside 0912345678 and 0283 822 1234.
    assert set(_search(client, staff["agent"], "1234")) == {people["an"], people["dang"]}
    assert _search(client, staff["agent"], "345678") == [people["an"]]
    assert _search(client, staff["agent"], "0912345678") == [people["an"]]


def test_search_finds_account_numbers(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int], container: Container
) -> None:
    add_service(container.context, people["north"], "HN-77001")
    assert _search(client, staff["agent"], "hn 77001") == [people["north"]]


def test_unknown_words_and_empty_queries_find_nothing(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]
) -> None:
    assert _search(client, staff["agent"], "xyzzy") == []
    assert _search(client, staff["agent"], "") == []
    assert _search(client, staff["agent"], "!!! ??? ***") == []
    assert _search(client, staff["agent"], '" OR 1=1 -- ') == []


def test_search_limit_is_honoured_and_validated(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]
) -> None:
    assert len(_search(client, staff["agent"], "nguyen", limit=1)) == 1
    response = client.get("/api/v1/customers", params={"q": "nguyen", "limit": 0}, headers=staff["agent"].headers)
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]


def test_back_office_search_is_scoped_to_their_region(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]
) -> None:
    assert set(_search(client, staff["back_office"], "nguyen")) == {people["an"]}
    assert set(_search(client, staff["back_office_mb"], "nguyen")) == {people["anh"]}
    assert _search(client, staff["back_office"], "bui xuan") == []
    assert set(_search(client, staff["agent"], "nguyen")) == {people["an"], people["anh"]}


def _identify(client: TestClient[Any], who: Staff, **params: str) -> dict[str, Any]:
    response = client.get("/api/v1/identify", params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_identify_one_match_is_found(client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]) -> None:
    result = _identify(client, staff["agent"], phone="+84 912 345 678")
    assert result["match"] == "found"
    assert result["normalised"] == "+84912345678"
    assert [c["id"] for c in result["customers"]] == [people["an"]]
    assert result["customers"][0]["name"] == "Nguyễn Văn An"


def test_identify_a_shared_phone_lists_every_candidate(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    ids = {make_customer(ctx, name=n, phones=("0935111222",)) for n in ("Lý Thường Kiệt", "Lý Công Uẩn", "Lý Chiêu")}
    result = _identify(client, staff["agent"], phone="0935111222")
    assert result["match"] == "candidates"
    assert {c["id"] for c in result["customers"]} == ids


@pytest.mark.parametrize("caller_id", ["0999999999", "anonymous", "", "Unknown", "+1 202 555 0100"])
def test_identify_unknown_or_withheld_callers_are_new(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int], caller_id: str
) -> None:
    result = _identify(client, staff["agent"], phone=caller_id)
    assert result["match"] == "new_caller"
    assert result["customers"] == []
    page = result["quick_create"]["page"]
    assert page.startswith("/customers/new")
    if result["normalised"]:  # a real but unknown number is carried into the quick-create form
        assert client.get(page, headers=staff["agent"].headers).status_code == 200


def test_identify_maps_the_old_11_digit_form_to_the_stored_number(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    customer_id = make_customer(container.context, name="Mai Hắc Đế", phones=("0386123456",))
    result = _identify(client, staff["agent"], phone="01686123456")  # 0168 became 038 in 2018
    assert result["match"] == "found"
    assert [c["id"] for c in result["customers"]] == [customer_id]
    assert _identify(client, staff["agent"], phone="841686123456")["match"] == "found"


def test_identify_by_account_meter_number_and_email(
    client: TestClient[Any], staff: dict[str, Staff], container: Container
) -> None:
    ctx = container.context
    customer_id = make_customer(ctx, name="Ngô Quyền", emails=("ngo.quyen@example.vn",))
    add_service(ctx, customer_id, "PE0400123456", kind="electricity", product_code="POWER_RES", meter_number="M-88812")
    for params in ({"account": "pe0400123456"}, {"account": "M-88812"}, {"email": " Ngo.Quyen@Example.VN "}):
        result = _identify(client, staff["agent"], **params)
        assert result["match"] == "found", params
        assert [c["id"] for c in result["customers"]] == [customer_id]


def test_identify_needs_exactly_one_key(client: TestClient[Any], staff: dict[str, Staff]) -> None:
    for params in ({}, {"phone": "0912345678", "email": "a@b.vn"}):
        response = client.get("/api/v1/identify", params=params, headers=staff["agent"].headers)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["field"] == "phone"


def test_identify_hides_other_regions_from_back_office(
    client: TestClient[Any], staff: dict[str, Staff], people: dict[str, int]
) -> None:
    result = _identify(client, staff["back_office"], phone="0904555666")  # an MB customer
    assert result["match"] == "new_caller"
    assert result["hidden"] == 1
    assert _identify(client, staff["back_office_mb"], phone="0904555666")["match"] == "found"
