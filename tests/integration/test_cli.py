"""The `carecenter` command line: migrate, seed, backup/restore, and clear configuration errors.

Run as real subprocesses (`python -c "from carecenter.cli import main; main()"`), so exit codes and
messages are exactly what an operator sees.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

SRC = Path(__file__).resolve().parents[2] / "src"
TABLES_TO_COMPARE = ("customers", "identities", "service_accounts", "bills", "interactions", "users")


def carecenter(
    *args: str, data_dir: Path, database_url: str | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARECENTER_", "PORT"))}
    env["CARECENTER_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    if database_url is not None:
        env["CARECENTER_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-c", "from carecenter.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES_TO_COMPARE}


def _dump(db: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir whose embedded database was migrated and seeded with 300 demo customers."""
    data_dir = tmp_path_factory.mktemp("seeded")
    migrated = carecenter("migrate", data_dir=data_dir)
    assert migrated.returncode == 0, migrated.stderr
    assert "latest schema" in migrated.stdout
    result = carecenter("seed", "--customers", "300", data_dir=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir


def test_seed_creates_customers_with_their_services_and_history(seeded: Path) -> None:
    counts = _counts(seeded / "carecenter.db")
    assert counts["customers"] == 300
    assert counts["identities"] >= 300
    assert counts["service_accounts"] >= 300
    assert counts["bills"] > 0 and counts["interactions"] > 0


def test_backup_and_restore_round_trip(seeded: Path, tmp_path: Path) -> None:
    db = seeded / "carecenter.db"
    backup = tmp_path / "backups" / "before.db"
    made = carecenter("backup", str(backup), data_dir=seeded)
    assert made.returncode == 0, made.stderr
    before = {t: _dump(db, t) for t in TABLES_TO_COMPARE}

    with sqlite3.connect(db) as connection:  # damage the live data after the backup
        connection.execute("DELETE FROM bills")
        connection.execute("UPDATE customers SET name = 'changed'")
    assert _dump(db, "bills") == []

    restored = carecenter("restore", str(backup), "--yes", data_dir=seeded)
    assert restored.returncode == 0, restored.stderr
    assert {t: _dump(db, t) for t in TABLES_TO_COMPARE} == before

    refused = carecenter("backup", str(backup), data_dir=seeded)
    assert refused.returncode != 0
    assert "exists" in refused.stderr


def test_restoring_something_that_is_not_a_backup_fails_clearly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert carecenter("migrate", data_dir=data_dir).returncode == 0
    junk = tmp_path / "notes.txt"
    junk.write_text("this is not a database\n" * 100)
    result = carecenter("restore", str(junk), "--yes", data_dir=data_dir)
    assert result.returncode != 0
    assert "is not a carecenter backup" in result.stderr
    assert "Traceback" not in result.stderr

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    result = carecenter("restore", str(other), "--yes", data_dir=data_dir)
    assert result.returncode != 0
    assert "is not a carecenter backup" in result.stderr


@pytest.mark.parametrize(
    "url",
    ["mysql://root@localhost/cc", "nonsense", "sqlite:/relative-and-wrong.db"],
)
def test_a_bad_database_url_is_a_clear_error_with_exit_code_2(tmp_path: Path, url: str) -> None:
    result = carecenter("migrate", data_dir=tmp_path, database_url=url)
    assert result.returncode == 2
    assert "CARECENTER_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_port_is_a_clear_error(tmp_path: Path) -> None:
    env_port = {"PORT": "eighty"}
    result = subprocess.run(
        [sys.executable, "-c", "from carecenter.cli import main; main()", "migrate"],
        env={**os.environ, **env_port, "CARECENTER_DATA_DIR": str(tmp_path), "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "PORT" in result.stderr


@pytest.mark.postgres
def test_migrate_brings_an_empty_postgresql_database_to_head(pg_admin: Engine, tmp_path: Path) -> None:
    name = f"cli_{os.getpid()}"
    with pg_admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = pg_admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        result = carecenter("migrate", data_dir=tmp_path, database_url=url)
        assert result.returncode == 0, result.stderr
        from carecenter.adapters.db.engine import make_engine
        from carecenter.adapters.db.migrate import is_current

        engine = make_engine(url)
        assert is_current(engine)
        engine.dispose()
        backup = carecenter("backup", str(tmp_path / "x.db"), data_dir=tmp_path, database_url=url)
        assert backup.returncode != 0
        assert "pg_dump" in backup.stderr
    finally:
        with pg_admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
