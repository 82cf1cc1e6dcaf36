"""THE composition root: settings -> adapters -> application context -> web app / CLI workers.

Nothing else constructs adapters; tests build their apps through `build` too, so what is tested is
what runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Litestar
from sqlalchemy import Engine, text

from carecenter.adapters.db.engine import make_engine
from carecenter.adapters.db.migrate import upgrade
from carecenter.adapters.db.uow import SqlUnitOfWork
from carecenter.adapters.importers.tabular import TabularFiles
from carecenter.adapters.security.argon2_hasher import Argon2Hasher
from carecenter.app.context import AppContext
from carecenter.app.ports import Clock, SystemClock, UnitOfWork
from carecenter.config import Settings, load_settings


@dataclass
class Container:
    settings: Settings
    engine: Engine
    context: AppContext

    def database_ok(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any driver error means "not reachable" to a health check
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def build(
    settings: Settings | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
    fast_hashing: bool = False,
) -> Container:
    """Wire everything for `settings` (default: from the environment). Migrates the schema first."""
    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)

    def unit_of_work() -> UnitOfWork:
        return SqlUnitOfWork(engine)

    context = AppContext(
        uow=unit_of_work,
        clock=clock or SystemClock(),
        hasher=Argon2Hasher(fast=fast_hashing or settings.demo),
        session_hours=settings.session_hours,
        demo=settings.demo,
        readers=TabularFiles(),
    )
    return Container(settings, engine, context)


def web_app(container: Container) -> Litestar:
    from carecenter.web.app import create_app

    return create_app(
        container.context,
        health=container.database_ok,
        secure_cookies=container.settings.secure_cookies,
        default_locale=container.settings.default_locale,
        timezone=container.settings.timezone,
    )


def asgi() -> Litestar:
    """Entry point for `uvicorn --factory carecenter.bootstrap:asgi` (serve workers)."""
    return web_app(build())
