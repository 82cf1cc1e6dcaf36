"""Accent folding and search documents: what makes "nguyen" find "Nguyễn"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from carecenter.domain.search.folding import digit_suffixes, document, fold, query_terms, tokens


def test_fold_strips_vietnamese_diacritics_and_case() -> None:
    assert fold("Nguyễn Văn Đặng") == "nguyen van dang"
    assert fold("ĐÀO THỊ HƯỜNG") == "dao thi huong"
    assert fold("Phường Bến Thành") == "phuong ben thanh"


def test_d_with_stroke_is_folded_by_hand() -> None:
    assert fold("đ") == "d"
    assert fold("Đ") == "d"


def test_cjk_characters_stay_and_become_single_tokens() -> None:
    assert fold("张伟明") == "张伟明"
    assert tokens("张伟明 Trương") == ["张", "伟", "明", "truong"]


def test_tokens_drop_punctuation() -> None:
    assert tokens("Lê-Lợi, 12/3B!") == ["le", "loi", "12", "3b"]


def test_digit_suffixes_cover_every_fragment_of_three_or_more_digits() -> None:
    assert digit_suffixes("0912 345") == ["0912345", "912345", "12345", "2345", "345"]
    assert digit_suffixes("12") == []


def test_document_holds_each_token_once_plus_phone_suffixes() -> None:
    doc = document(["Nguyễn Văn An", "nguyen"], ["0912345678"]).split()
    assert doc.count("nguyen") == 1
    assert {"van", "an", "0912345678", "345678", "678"} <= set(doc)


def test_query_terms_are_folded_and_capped() -> None:
    assert query_terms("  NGUYỄN   văn ") == ["nguyen", "van"]
    assert len(query_terms(" ".join(["a"] * 50))) == 12
    assert query_terms("!!! ???") == []


@given(st.text())
def test_fold_is_idempotent_and_tokens_are_safe_for_fts(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    for token in tokens(text):
        assert token and '"' not in token and " " not in token
