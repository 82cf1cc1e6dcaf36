"""Engines for SQLite (embedded default) and PostgreSQL, configured the same way everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (pages, the wallboard) proceed while one writer commits; busy_timeout makes
    # concurrent writers wait instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


READ_ONLY = "carecenter_read_only"  # execution option set by read-only units of work


def _sqlite_begin(conn: Connection) -> None:
    read_only = bool(conn.get_execution_options().get(READ_ONLY))
    conn.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _postgresql_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An Engine for `url`; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # As many pooled connections as the web app has worker threads: a connection made beyond the pool
        # is closed after use, and opening one (with its PRAGMAs) costs more than most queries here.
        if path and path != ":memory:":
            kwargs.setdefault("pool_size", 20)
            kwargs.setdefault("max_overflow", 20)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy, not pysqlite, issue BEGIN so transactions cover reads too. IMMEDIATE: take the
        # write lock up front (waiting up to the busy timeout). A deferred transaction that reads and then
        # writes fails at once with "database is locked" when another write committed in between (WAL
        # cannot upgrade an old snapshot), and nearly every command here reads first (a token, a row's
        # version) and then writes (its event, a read-audit row).
        # A read-only unit of work (`SqlUnitOfWork(read_only=True)`: pages, streams, token checks) begins
        # DEFERRED instead, so it never queues behind the writer; `query_only` makes a stray write in it
        # fail loudly rather than take the lock.
        event.listen(engine, "begin", _sqlite_begin)

        @event.listens_for(engine, "connect")
        def _no_pysqlite_autobegin(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, **kwargs)
    event.listen(engine, "begin", _postgresql_begin)
    return engine
