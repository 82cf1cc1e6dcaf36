"""Typed settings from the environment; a bad value stops start-up with a message naming it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable and what it expects."""


def _int(name: str, default: int, low: int = 1, high: int = 65535) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}={value} must be between {low} and {high}")
    return value


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    host: str
    port: int
    sip_port: int
    demo: bool
    session_hours: int
    secure_cookies: bool
    default_locale: str
    timezone: str

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        return Path(self.database_url.split("///", 1)[1])


def load_settings(**overrides: object) -> Settings:
    """Settings from CARECENTER_* variables (and PORT, SIP_PORT, as `make demo` documents)."""
    data_dir = Path(os.environ.get("CARECENTER_DATA_DIR", "./.carecenter")).resolve()
    url = os.environ.get("CARECENTER_DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'carecenter.db'}"
    if not (url.startswith("sqlite:///") or url.startswith("postgresql")):
        raise SettingsError(
            f"CARECENTER_DATABASE_URL must be sqlite:///path or postgresql+psycopg://user@host/db, got {url!r}"
        )
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    locale = os.environ.get("CARECENTER_LOCALE", "en")
    if locale not in ("en", "vi"):
        raise SettingsError(f"CARECENTER_LOCALE={locale!r} must be en or vi")
    values: dict[str, object] = {
        "data_dir": data_dir,
        "database_url": url,
        "host": os.environ.get("CARECENTER_HOST", "127.0.0.1"),
        "port": _int("PORT", 8000),
        "sip_port": _int("SIP_PORT", 5060),
        "demo": os.environ.get("CARECENTER_DEMO", "") == "1",
        "session_hours": _int("CARECENTER_SESSION_HOURS", 12, 1, 24 * 30),
        "secure_cookies": os.environ.get("CARECENTER_SECURE_COOKIES", "") == "1",
        "default_locale": locale,
        "timezone": os.environ.get("CARECENTER_TIMEZONE", "Asia/Ho_Chi_Minh"),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
