"""Storage invariants: SQLite connection settings, the schema at Alembic head, tenant_id everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from carecenter.adapters.db.engine import make_engine
from carecenter.adapters.db.migrate import is_current, upgrade
from carecenter.adapters.db.tables import metadata
from carecenter.bootstrap import Container


def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}", pool_size=3)
    try:
        connections = [engine.connect() for _ in range(3)]  # three distinct DBAPI connections
        for connection in connections:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
            connection.rollback()  # transactions take the write lock up front: one at a time
        for connection in connections:
            connection.close()
    finally:
        engine.dispose()


def test_sqlite_enforces_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    upgrade(engine)
    with engine.connect() as connection, pytest.raises(IntegrityError, match="FOREIGN KEY"):
        connection.exec_driver_sql(
            "INSERT INTO identities (tenant_id, customer_id, kind, value, is_primary) VALUES (1, 4242, 'phone', 'x', 0)"
        )
    engine.dispose()


def test_the_schema_is_at_alembic_head_and_matches_the_tables(container: Container) -> None:
    assert is_current(container.engine)
    upgrade(container.engine)  # a second upgrade is a no-op
    assert is_current(container.engine)
    with container.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    # The search indexes (SQLite FTS5 tables, PostgreSQL's GIN expression index) are created by hand in
    # the migration and unknown to the metadata.
    hand_made = ("customer_search_fts", "ix_customer_search_document")
    diff = [d for d in diff if not (d[0] in ("remove_table", "remove_index") and d[1].name.startswith(hand_made))]
    assert diff == [], f"tables.py and the migrations disagree: {diff}"


def test_every_table_has_tenant_id(container: Container) -> None:
    assert [t.name for t in metadata.sorted_tables if "tenant_id" not in t.c] == []
    inspector = inspect(container.engine)
    missing = [
        name
        for name in inspector.get_table_names()
        if name != "alembic_version"
        and not name.startswith("customer_search_fts")
        and "tenant_id" not in {c["name"] for c in inspector.get_columns(name)}
    ]
    assert missing == []
    assert set(metadata.tables) <= set(inspector.get_table_names())
