"""Duplicate detection: the evidence each pair has, how sure we are, and what a merge keeps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from carecenter.domain.customers.duplicates import (
    SAME_NATIONAL_ID,
    SAME_PHONE,
    SAME_TAX_CODE,
    SIMILAR_NAME_ADDRESS,
    MatchProfile,
    find_duplicates,
    identities_to_move,
    score_pair,
)
from carecenter.domain.customers.model import Identity, IdentityKind


def _p(id_: int, name: str, phones: tuple[str, ...] = (), nid: str | None = None, address: str = "",
       province: str | None = "01", tax: str | None = None) -> MatchProfile:  # fmt: skip
    return MatchProfile(
        id_,
        name,
        frozenset(phones),
        frozenset([nid] if nid else []),
        frozenset([tax] if tax else []),
        address,
        province,
    )


def _found(profiles: list[MatchProfile], **kwargs: object) -> dict[tuple[int, int], tuple[str, ...]]:
    return {(p.left_id, p.right_id): p.reasons for p in find_duplicates(profiles, **kwargs)}  # type: ignore[arg-type]


def test_shared_phone_national_id_and_tax_code_are_evidence() -> None:
    found = _found([
        _p(1, "Nguyễn Văn An", ("+84912345678",)),
        _p(2, "Nguyen Van An", ("+84912345678",)),
        _p(3, "Trần Mai", nid="001190023456"),
        _p(4, "Trần Thị Mai", nid="001190023456"),
        _p(5, "Công ty A", tax="0101234567"),
        _p(6, "Cty A", tax="0101234567"),
        _p(7, "Lê Văn Bình", ("+84912000000",)),
    ])  # fmt: skip
    assert found == {(1, 2): (SAME_PHONE,), (3, 4): (SAME_NATIONAL_ID,), (5, 6): (SAME_TAX_CODE,)}


def test_similar_name_needs_a_similar_address_in_the_same_province() -> None:
    found = _found([
        _p(1, "Phạm Minh Tuấn", address="12 Trần Duy Hưng Phường Cầu Giấy"),
        _p(2, "Pham Minh Tuan", address="12 Tran Duy Hung, P. Cau Giay"),
        _p(3, "Phạm Minh Tuấn", address="400 Láng Hạ Phường Đống Đa"),
        _p(4, "Phạm Minh Tuấn", address="12 Trần Duy Hưng Phường Cầu Giấy", province="79"),
        _p(5, "Hoàng Thị Lan", address="12 Trần Duy Hưng Phường Cầu Giấy"),
    ])  # fmt: skip
    assert found == {(1, 2): (SIMILAR_NAME_ADDRESS,)}


def test_a_typo_in_the_given_name_still_meets_in_a_block() -> None:
    found = _found([_p(1, "Nguyễn Thị Phương", address="5 Kim Mã"), _p(2, "Nguyễn Thị Phuơng", address="5 Kim Ma")])
    assert found == {(1, 2): (SIMILAR_NAME_ADDRESS,)}


def test_among_limits_pairs_to_those_touching_the_given_customers() -> None:
    profiles = [_p(1, "A B", ("+1",)), _p(2, "A B", ("+1",)), _p(3, "C D", ("+2",)), _p(4, "C D", ("+2",))]
    assert set(_found(profiles, among={3})) == {(3, 4)}


def test_a_switchboard_number_shared_by_many_is_not_evidence() -> None:
    profiles = [_p(i, f"Khách {i}", ("+842438251234",)) for i in range(1, 40)]
    assert _found(profiles) == {}


def test_scores_rank_identity_documents_over_phones_over_names() -> None:
    assert score_pair({SAME_NATIONAL_ID}, 40, 0) == 100
    assert score_pair({SAME_PHONE}, 100, 0) > score_pair({SAME_PHONE}, 30, 0)
    assert score_pair({SAME_PHONE, SIMILAR_NAME_ADDRESS}, 95, 90) > score_pair({SAME_PHONE}, 95, 90)
    assert score_pair(set(), 100, 100) == 0


@given(
    st.sets(st.sampled_from([SAME_NATIONAL_ID, SAME_TAX_CODE, SAME_PHONE, SIMILAR_NAME_ADDRESS])),
    st.floats(0, 100),
    st.floats(0, 100),
)
def test_scores_stay_between_0_and_100_and_more_evidence_never_lowers_them(
    reasons: set[str], name: float, address: float
) -> None:
    score = score_pair(reasons, name, address)
    assert 0 <= score <= 100
    for extra in {SAME_NATIONAL_ID, SAME_PHONE, SIMILAR_NAME_ADDRESS} - reasons:
        assert score_pair(reasons | {extra}, name, address) >= score


@given(st.lists(st.tuples(st.sampled_from(["An", "Bình", "Châu"]), st.sampled_from(["+1", "+2", "+3"])), max_size=12))
def test_pairs_are_ordered_unique_and_never_pair_a_customer_with_itself(people: list[tuple[str, str]]) -> None:
    pairs = find_duplicates([_p(i, n, (ph,), address="1 Phố Huế") for i, (n, ph) in enumerate(people)])
    keys = [(p.left_id, p.right_id) for p in pairs]
    assert len(keys) == len(set(keys)) and all(a < b for a, b in keys)


def test_merge_keeps_identities_the_kept_customer_lacks_and_drops_the_ones_it_has() -> None:
    phone = IdentityKind.PHONE
    kept = [Identity(phone, "+84912345678", True, 1)]
    merged = [
        Identity(phone, "+84912345678", True, 2),
        Identity(phone, "+84977000111", False, 3),
        Identity(IdentityKind.NATIONAL_ID, "001085012345", True, 4),
    ]
    move, drop = identities_to_move(kept, merged)
    assert [(i.id, i.is_primary) for i in move] == [(3, False), (4, True)]
    assert [i.id for i in drop] == [2]
