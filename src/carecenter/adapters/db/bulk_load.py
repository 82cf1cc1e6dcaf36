"""Bulk loading of generated rows (the demo data set) as fast as each database allows.

Rows arrive as `(table name, batch of dicts)` in foreign-key order with explicit ids (see
`domain/demo/generator.py`). Two paths:

- SQLite: one connection, `synchronous=OFF` and a large page cache for the duration of the load,
  the tables' Core INSERTs run through the driver's `executemany` in big transactions. Safe because
  a half-loaded demo database is thrown away and loaded again; the previous settings are restored
  afterwards. Plain INSERTs also fire the triggers that keep the customer_search FTS index in step.
- PostgreSQL (psycopg 3): `COPY … FROM STDIN` through the raw driver connection, then every loaded
  table's id sequence is moved past the largest id, so later INSERTs without an id do not collide.

Not for user input: nothing is validated beyond what the database enforces.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, func, select, text

from carecenter.adapters.db.tables import metadata

Batches = Iterable[tuple[str, list[dict[str, Any]]]]
Progress = Callable[[int], None]

COMMIT_EVERY_ROWS = 200_000
SQLITE_CACHE_KIB = 262_144  # 256 MiB of page cache while loading


def bulk_load(engine: Engine, batches: Batches, progress: Progress | None = None) -> dict[str, int]:
    """Insert every batch into its table; returns the number of rows inserted per table.

    `progress(n)` is called after each batch of customers with the number of customers loaded so far.
    Tables must exist and hold none of the ids being inserted.
    """
    if engine.dialect.name == "postgresql":
        return _load_postgresql(engine, batches, progress)
    if engine.dialect.name == "sqlite":
        return _load_sqlite(engine, batches, progress)
    return _load_generic(engine, batches, progress)


# Rows the first migration already provides on a fresh database (0002_default_reference_data); the
# demo generator makes the same defaults, so such tables are skipped rather than loaded twice.
_REFERENCE_TABLES = ("tenants", "regions", "branches", "products", "promotions", "contact_reasons", "segment_rules")


class SeedError(RuntimeError):
    """The database cannot take demo data (it already has customers)."""


def seed_demo(
    engine: Engine, customers: int, seed: int, now: datetime, progress: Progress | None = None
) -> dict[str, int]:
    """Generate and load the demo data set into a database with no customers yet.

    Reference tables that already have rows keep them. Raises SeedError when customers exist: demo ids
    would collide with real ones.
    """
    from carecenter.domain.demo.generator import generate

    with engine.connect() as conn:
        existing = conn.execute(select(func.count()).select_from(metadata.tables["customers"])).scalar_one()
        if existing:
            raise SeedError(f"the database already has {existing:,} customers; seed an empty database")
        filled = {
            name
            for name in _REFERENCE_TABLES
            if conn.execute(select(func.count()).select_from(metadata.tables[name])).scalar_one()
        }
    batches = ((name, rows) for name, rows in generate(customers, seed, now) if name not in filled)
    return bulk_load(engine, batches, progress)


def _table(name: str) -> Table:
    try:
        return metadata.tables[name]
    except KeyError:
        raise ValueError(f"no table {name!r} in carecenter's schema") from None


def _counted(
    batches: Batches, counts: dict[str, int], progress: Progress | None
) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
    """The batches with their tables, counting rows and reporting customers after they are handed on."""
    for name, rows in batches:
        if not rows:
            continue
        yield _table(name), rows
        counts[name] += len(rows)
        if progress is not None and name == "customers":
            progress(counts[name])


def _load_sqlite(engine: Engine, batches: Batches, progress: Progress | None) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    with engine.connect() as conn:
        # Transactions are driven by hand on the sqlite3 connection: the engine issues its own BEGIN for
        # SQLAlchemy work (adapters/db/engine.py), and PRAGMA synchronous cannot change inside one.
        conn.rollback()
        raw: Any = conn.connection.driver_connection
        previous_sync = raw.execute("PRAGMA synchronous").fetchone()[0]
        previous_cache = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        try:
            cursor = raw.cursor()
            raw.execute("BEGIN")
            pending = 0
            for table, rows in _counted(batches, counts, progress):
                sql, to_params = _sqlite_insert(conn, table, tuple(rows[0]))
                cursor.executemany(sql, map(to_params, rows))
                pending += len(rows)
                if pending >= COMMIT_EVERY_ROWS:
                    raw.execute("COMMIT")
                    raw.execute("BEGIN")
                    pending = 0
            raw.execute("COMMIT")
        finally:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            raw.execute(f"PRAGMA synchronous={int(previous_sync)}")
            raw.execute(f"PRAGMA cache_size={int(previous_cache)}")
    return dict(counts)


def _sqlite_insert(
    conn: Connection, table: Table, columns: tuple[str, ...]
) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """The table's Core INSERT compiled for `columns`, and a row -> DBAPI parameters converter.

    The converter applies each column type's own bind processor (UTC datetimes, dates, JSON), so
    stored values are exactly what a Core insert would store, without Core's per-row bookkeeping,
    which costs more than SQLite's insert itself.
    """
    dialect = conn.dialect
    compiled = table.insert().compile(dialect=dialect, column_keys=list(columns))
    order = compiled.positiontup or []
    processors = [
        (i, proc)
        for i, name in enumerate(order)
        if (proc := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    getter = itemgetter(*order)
    if len(order) == 1:
        return str(compiled), lambda row: (getter(row),)
    if not processors:
        return str(compiled), getter

    def to_params(row: dict[str, Any]) -> tuple[Any, ...]:
        values = list(getter(row))
        for i, proc in processors:
            values[i] = proc(values[i])
        return tuple(values)

    return str(compiled), to_params


def _load_generic(engine: Engine, batches: Batches, progress: Progress | None) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    with engine.connect() as conn:
        _executemany_in_transactions(conn, _counted(batches, counts, progress))
    return dict(counts)


def _executemany_in_transactions(conn: Connection, batches: Iterable[tuple[Table, list[dict[str, Any]]]]) -> None:
    pending = 0
    for table, rows in batches:
        conn.execute(table.insert(), rows)
        pending += len(rows)
        if pending >= COMMIT_EVERY_ROWS:
            conn.commit()
            pending = 0
    conn.commit()


def _load_postgresql(engine: Engine, batches: Batches, progress: Progress | None) -> dict[str, int]:
    from psycopg.types.json import Json

    counts: dict[str, int] = defaultdict(int)
    loaded: list[Table] = []
    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection  # psycopg.Connection
        pending = 0
        with raw.cursor() as cursor:
            for table, rows in _counted(batches, counts, progress):
                columns = list(rows[0])
                json_at = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
                quoted = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        values = [row[c] for c in columns]
                        for i in json_at:
                            values[i] = Json(values[i])
                        copy.write_row(values)
                if table not in loaded:
                    loaded.append(table)
                pending += len(rows)
                if pending >= COMMIT_EVERY_ROWS * 5:  # COPY is cheap to keep open; commit less often
                    raw.commit()
                    pending = 0
            raw.commit()
        for table in loaded:
            if "id" in table.c and table.c.id.primary_key:
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM \"{table.name}\"")
                )
        conn.commit()
    return dict(counts)
