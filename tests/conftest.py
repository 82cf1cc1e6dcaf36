"""Shared fixtures: databases (SQLite and a throw-away PostgreSQL), the wired app, an HTTP client, staff.

Databases
    `db_url` is parametrised over `sqlite` and `pg`: every test that uses it (directly or through
    `container`/`client`) runs on both. Each test gets a database of its own, copied from a template
    migrated once per session (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL), so
    tests are isolated without paying for a migration each.

    The PostgreSQL cluster is started once per session (per xdist worker) by `tests/pgcluster.py` —
    as the `postgres` user when running as root, since initdb refuses root — with fsync off. A machine
    without the server binaries FAILS these tests (never skips): install Debian's `postgresql`.

App
    `clock` (a FakeClock the test can advance), `container` (carecenter.bootstrap.build with fast
    password hashing), `client` (Litestar TestClient over carecenter.bootstrap.web_app), `staff`
    (one user with an API token per role, plus `back_office_mb`), `login_as` (a session cookie on
    `client`, as the login page sets it).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import Engine, create_engine, text

from carecenter.adapters.db.engine import make_engine
from carecenter.adapters.db.migrate import upgrade
from carecenter.app.commands.auth import login
from carecenter.bootstrap import Container, build, web_app
from carecenter.config import load_settings
from carecenter.domain.access.permissions import Role
from carecenter.web.access import CSRF_HEADER, SESSION_COOKIE
from tests.factories import PASSWORD, FakeClock, Staff, make_staff, seed_reference_data
from tests.pgcluster import PostgresMissing, throwaway_cluster

TEMPLATE_DB = "cc_template"


def pytest_configure(config: pytest.Config) -> None:
    # Handlers declare dependencies, parameters and bodies explicitly (what Litestar 3 requires); a
    # handler that relies on 2.x inference fails the suite instead of warning.
    config.addinivalue_line("filterwarnings", "error::litestar.exceptions.LitestarDeprecationWarning")


_counter = itertools.count(1)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database file with reference data; tests get copies of it."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed_reference_data(engine)
    engine.dispose()
    # Fold the WAL into the file so a copy is complete (outside any transaction: our engine's are IMMEDIATE).
    with contextlib.closing(sqlite3.connect(path)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An autocommit engine on the throw-away cluster's `postgres` database, with a migrated template."""
    try:
        cluster = throwaway_cluster()
        url = cluster.__enter__()
    except PostgresMissing as exc:
        pytest.fail(f"{exc}. The PostgreSQL half of the integration suite cannot run without it.", pytrace=False)
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {TEMPLATE_DB}"))
        template = make_engine(url.rsplit("/", 1)[0] + f"/{TEMPLATE_DB}")
        upgrade(template)
        seed_reference_data(template)
        template.dispose()
        yield admin
        admin.dispose()
    finally:
        cluster.__exit__(None, None, None)


def _fresh_postgres(admin: Engine) -> Iterator[str]:
    name = f"t{os.getpid()}_{next(_counter)}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}"))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="pg", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated database with reference data: SQLite or PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "carecenter.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        yield from _fresh_postgres(request.getfixturevalue("pg_admin"))


@pytest.fixture
def clock() -> FakeClock:
    """Time for the app under test: stands at tests.factories.START until the test advances it."""
    return FakeClock()


@pytest.fixture
def container(db_url: str, clock: FakeClock, tmp_path: Path) -> Iterator[Container]:
    """The app wired by the composition root on the test's database (fast password hashing)."""
    settings = load_settings(database_url=db_url, demo=False, data_dir=tmp_path)
    built = build(settings, clock=clock, migrate=False, fast_hashing=True, routing=True)
    yield built
    built.dispose()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """An HTTP client over the real web app; authenticate with `headers=staff[...].headers`."""
    with TestClient(app=web_app(container)) as test_client:
        # The test client reads whole responses: live streams render once and end (real servers keep them).
        test_client.app.state.stream_max_s = 0.0
        yield test_client


@pytest.fixture
def staff(container: Container) -> dict[str, Staff]:
    """One user per role (keys are Role values) with an API token; back_office is region MN.

    `back_office_mb` is a second back-office user, of region MB.
    """
    ctx = container.context
    people = {role.value: make_staff(ctx, role, username=f"{role.value}_t") for role in Role}
    people["back_office_mb"] = make_staff(ctx, Role.BACK_OFFICE, username="back_office_mb", region_code="MB")
    return people


@pytest.fixture
def login_as(client: TestClient, container: Container) -> Callable[[Staff], dict[str, str]]:  # type: ignore[type-arg]
    """Log `client` in as a staff member with a session cookie, as the login page does.

    Returns the headers a cookie-authenticated write needs (the session's CSRF token); reads need none.
    Staff made by tests.factories have the password tests.factories.PASSWORD.
    """

    def log_in(who: Staff) -> dict[str, str]:
        session = login(container.context, who.user.username, PASSWORD, client="testclient")
        client.cookies.set(SESSION_COOKIE, session.session_secret)
        return {CSRF_HEADER: session.csrf_token}

    return log_in
