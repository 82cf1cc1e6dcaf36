"""The pages speak Vietnamese: every string in templates and page code has a translation, placeholders
survive translation, and money, dates and the request's language come out the way users expect."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from carecenter.domain.access.permissions import PERMISSIONS
from carecenter.web import i18n
from carecenter.web.pages.labels import LABELS

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "carecenter" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
EXTRACT = "pybabel extract -F babel.cfg --no-location --sort-output -o src/carecenter/locale/messages.pot ."


def _msgid(message: str | tuple[str, ...]) -> str:
    return message if isinstance(message, str) else message[0]


@pytest.fixture(scope="module")
def used() -> set[str | tuple[str, ...]]:
    """Every message the templates and the web code use, found the way `pybabel extract` finds them."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {message for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map)}
    assert len(found) > 100, "extraction found almost nothing: is babel.cfg pointing at the templates?"
    return found


def _catalog(locale: str) -> dict[str, object]:
    with (LOCALE / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {_msgid(m.id): m for m in catalog if m.id}


def test_every_string_on_the_pages_has_a_vietnamese_translation(used: set[str | tuple[str, ...]]) -> None:
    vi = _catalog("vi")
    missing = []
    for message in sorted(used, key=_msgid):
        entry = vi.get(_msgid(message))
        strings = [] if entry is None else [entry.string] if isinstance(entry.string, str) else list(entry.string)  # type: ignore[attr-defined]
        if entry is None or not all(s.strip() for s in strings) or "fuzzy" in entry.flags:  # type: ignore[attr-defined]
            missing.append(_msgid(message))
    assert missing == [], (
        "strings without a (non-fuzzy) Vietnamese translation in locale/vi/LC_MESSAGES/messages.po:\n  "
        + "\n  ".join(missing)
    )


def test_translations_keep_every_placeholder() -> None:
    broken = []
    for msgid, entry in _catalog("vi").items():
        strings = [entry.string] if isinstance(entry.string, str) else list(entry.string)  # type: ignore[attr-defined]
        for text in strings:
            if text and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(msgid)):
                broken.append(f"{msgid!r} -> {text!r}")
    assert broken == [], "placeholders differ between English and Vietnamese:\n" + "\n".join(broken)


def test_the_message_template_is_current(used: set[str | tuple[str, ...]]) -> None:
    with (LOCALE / "messages.pot").open("rb") as handle:
        template = {_msgid(m.id) for m in read_po(handle) if m.id}
    assert template == {_msgid(m) for m in used}, f"messages.pot is stale: run `{EXTRACT}`"


def test_catalogs_compile_in_memory_and_translate() -> None:
    i18n.load_catalogs()
    assert i18n.Translator("vi").gettext("Password") == "Mật khẩu"
    assert i18n.Translator("vi").gettext("Owes %(amount)s", amount="245.000 ₫") == "Còn nợ 245.000 ₫"
    assert i18n.Translator("en").gettext("Password") == "Password"
    assert i18n.Translator("vi").ngettext("%(num)s customer found.", "%(num)s customers found.", 3) == (
        "Tìm thấy 3 khách hàng."
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"),
        ("en-GB,en;q=0.9,vi;q=0.8", "en"),
        ("fr-FR,vi;q=0.5", "vi"),
        ("en;q=0.2, vi;q=0.8", "vi"),
        ("zh-CN,fr", None),
        ("", None),
    ],
)
def test_the_browser_language_is_honoured_by_preference(header: str, expected: str | None) -> None:
    assert i18n.from_accept_language(header) == expected


def test_money_is_vnd_in_each_language() -> None:
    assert i18n.Formats("vi", "Asia/Ho_Chi_Minh").money(1_234_000) == "1.234.000\xa0₫"
    assert i18n.Formats("en", "Asia/Ho_Chi_Minh").money(1_234_000) == "₫1,234,000"


def test_times_are_shown_in_the_tenant_time_zone() -> None:
    utc_evening = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 03:30 next day in Ho Chi Minh City
    assert i18n.Formats("vi", "Asia/Ho_Chi_Minh").datetime(utc_evening) == "03:30 2/3/26"
    assert i18n.Formats("en", "Asia/Ho_Chi_Minh").today(utc_evening) == date(2026, 3, 2)
    assert i18n.Formats("vi", "Asia/Ho_Chi_Minh").period("2026-03") == "thg 3 2026"


def test_permission_labels_repeat_the_domain_meanings_word_for_word() -> None:
    """web/pages/labels.py copies PERMISSIONS' meanings as msgids; a changed meaning must change both."""
    assert LABELS["permission"] == PERMISSIONS
