"""The pages' languages: gettext catalogs (en, vi), the locale of a request, and local formatting.

Catalogs are the hand-written `locale/<lang>/LC_MESSAGES/messages.po` files, compiled in memory when
the app starts (`load_catalogs`), so there is no build step and no committed `.mo`. English is the
language of the msgids, so an English catalog is optional and a missing msgstr falls back to English.

Locale of a request (`request_locale`): the logged-in user's own `locale`; for anonymous visitors
`?lang=`, then the `Accept-Language` header, then the tenant default (`app.state.default_locale`).
Money is VND with Babel's formatting and dates/times are shown in the tenant's time zone
(`app.state.timezone`), in the request's locale (`Formats`).
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations
from litestar.connection import ASGIConnection

LOCALES = ("en", "vi")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_catalogs: dict[str, _gettext.NullTranslations] = {}


def compile_catalog(po_path: Path, locale: str) -> Translations:
    """One .po file compiled to gettext translations in memory (fuzzy entries are left out, as msgfmt does)."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def load_catalogs(directory: Path = LOCALE_DIR) -> dict[str, _gettext.NullTranslations]:
    """Compile every supported language's catalog; call once at start-up (a broken .po fails it loudly)."""
    loaded: dict[str, _gettext.NullTranslations] = {}
    for locale in LOCALES:
        po_path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        loaded[locale] = compile_catalog(po_path, locale) if po_path.exists() else _gettext.NullTranslations()
    _catalogs.clear()
    _catalogs.update(loaded)
    return loaded


def translations(locale: str) -> _gettext.NullTranslations:
    if not _catalogs:
        load_catalogs()
    return _catalogs.get(locale) or _gettext.NullTranslations()


@dataclass(frozen=True)
class Translator:
    """`_` and `ngettext` of one locale, with `%(name)s` placeholders filled from keyword arguments."""

    locale: str

    def gettext(self, message: str, **variables: Any) -> str:
        text = translations(self.locale).gettext(message)
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, n: int, **variables: Any) -> str:
        text = translations(self.locale).ngettext(singular, plural, n)
        return text % {"num": n, **variables}


def supported(value: str | None) -> str | None:
    """`value` as a supported language code ("vi-VN" -> "vi"), or None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in LOCALES else None


def from_accept_language(header: str) -> str | None:
    """The supported language the browser prefers most (q-values honoured), or None."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = supported(tag)
        if code and quality > 0:
            choices.append((-quality, position, code))
    return min(choices)[2] if choices else None


def request_locale(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The language to answer this request in (see the module docstring for the order)."""
    auth = connection.state.get("auth")
    if auth is not None and supported(auth.user.locale):
        return str(auth.user.locale)
    return (
        supported(connection.query_params.get("lang"))
        or from_accept_language(connection.headers.get("accept-language", ""))
        or supported(connection.app.state.get("default_locale"))
        or "en"
    )


@dataclass(frozen=True)
class Formats:
    """Numbers, VND amounts, dates and times in one locale and the tenant's time zone."""

    locale: str
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.timezone)

    def money(self, amount_vnd: int | None) -> str:
        return "" if amount_vnd is None else format_currency(amount_vnd, "VND", locale=self.locale)

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.locale)

    def datetime(self, moment: datetime | None) -> str:
        """Short local date and time; naive datetimes are taken as UTC (how the database stores them)."""
        if moment is None:
            return ""
        return format_datetime(moment, "short", tzinfo=self.zone, locale=self.locale)

    def date(self, day: date | None) -> str:
        return "" if day is None else format_date(day, "medium", locale=self.locale)

    def day(self, day: date | None) -> str:
        """A compact numeric date for dense tables ("10/20/2026", "20/10/2026")."""
        return "" if day is None else format_skeleton("yMd", day, locale=self.locale)

    def period(self, period: str) -> str:
        """A billing period "YYYY-MM" as month and year ("Mar 2025", "thg 3 2025")."""
        try:
            year, month = (int(p) for p in period.split("-", 1))
            return format_skeleton("yMMM", date(year, month, 1), locale=self.locale)
        except ValueError:
            return period

    def duration(self, seconds: float | None) -> str:
        """A wait or handle time as m:ss (h:mm:ss past an hour): what wallboards show."""
        if seconds is None:
            return ""
        whole = max(0, round(seconds))
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

    def time_of(self, epoch_seconds: float) -> str:
        """The local wall-clock time (HH:MM) of a Unix time: the intraday chart's axis."""
        return datetime.fromtimestamp(epoch_seconds, self.zone).strftime("%H:%M")

    def today(self, now: datetime) -> date:
        """The tenant's calendar day at `now` (what "overdue" is measured against)."""
        return now.astimezone(self.zone).date()


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
