"""Accent folding and search documents, so agents find "Nguyễn" by typing "nguyen".

Vietnamese đ/Đ does not decompose under NFD (it is a letter of its own, not d + a mark), so it is
folded by hand; FTS5's remove_diacritics and PostgreSQL's unaccent-free configurations both miss it.
CJK text has no spaces between words, so every Han/Kana/Hangul character becomes a token of its own:
"伟" then finds "张伟明".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_HAND_FOLDED = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "ß": "ss"})
_WORD = re.compile(r"[0-9a-z]+|[^\W\d_a-z]", re.UNICODE)
_DIGITS = re.compile(r"\d+")
_SHORTEST_DIGIT_FRAGMENT = 3


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x2FA1F  # extensions B–F and supplements
    )


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, keeping CJK characters as they are.

    >>> fold("Nguyễn Văn Đặng")
    'nguyen van dang'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_HAND_FOLDED))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().translate(_HAND_FOLDED)  # after casefold: Ø, Ł, Æ fold too


def tokens(text: str) -> list[str]:
    """Folded search tokens: Latin words and numbers whole, each CJK character alone."""
    out: list[str] = []
    for match in _WORD.finditer(fold(text)):
        word = match.group()
        if len(word) == 1 and not word.isascii() and not _is_cjk(word):
            continue  # stray symbols and other scripts' punctuation-like letters add noise
        out.append(word)
    return out


def digit_suffixes(number: str) -> list[str]:
    """Every suffix of a number's digits of 3 or more digits.

    A prefix query on these tokens finds any fragment of the number ("345678" inside "0912345678"),
    which is how agents type phone numbers they half remember.
    """
    digits = "".join(_DIGITS.findall(number))
    return [digits[i:] for i in range(len(digits) - _SHORTEST_DIGIT_FRAGMENT + 1)]


def document(texts: Iterable[str], numbers: Iterable[str] = ()) -> str:
    """The space-separated token string that the search index stores for one record.

    `texts` (names, addresses, account numbers) are tokenised; `numbers` (phones in national form,
    meter numbers) additionally contribute all their digit suffixes.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            seen.setdefault(token, None)
    for number in numbers:
        for suffix in digit_suffixes(number):
            seen.setdefault(suffix, None)
    return " ".join(seen)


def query_terms(query: str) -> list[str]:
    """The folded terms of what a user typed; every term must prefix-match some document token."""
    return tokens(query)[:12]
