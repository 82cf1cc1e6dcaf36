"""Loading the demo data set into SQLite: every row lands, linked to its customer, readable as UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select

from carecenter.adapters.db import tables as t
from carecenter.adapters.db.bulk_load import seed_demo
from carecenter.domain.search.folding import fold

NOW = datetime(2025, 10, 15, 9, 30, tzinfo=UTC)


def test_two_thousand_demo_customers_load_with_their_children(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    t.metadata.create_all(engine)
    seen: list[int] = []

    counts = seed_demo(engine, 2_000, seed=42, now=NOW, progress=seen.append)

    assert counts["customers"] == 2_000 and seen[-1] == 2_000
    with engine.connect() as conn:
        for name, expected in counts.items():
            stored = conn.execute(select(func.count()).select_from(t.metadata.tables[name])).scalar_one()
            assert stored == expected, name
        customer = conn.execute(select(t.customers).where(t.customers.c.id == 1234)).one()
        assert customer.tenant_id == 1 and customer.name and customer.created_at.tzinfo is not None
        accounts = conn.execute(select(t.service_accounts).where(t.service_accounts.c.customer_id == 1234)).all()
        premise = conn.execute(select(t.premises).where(t.premises.c.customer_id == 1234)).one()
        assert accounts and all(a.premise_id in (None, premise.id) for a in accounts)
        bills = conn.execute(select(t.bills).where(t.bills.c.customer_id == 1234)).all()
        assert bills and {b.service_account_id for b in bills} <= {a.id for a in accounts}
        primary = conn.execute(
            select(t.identities.c.value).where(t.identities.c.customer_id == 1234, t.identities.c.is_primary)
        ).scalar_one()
        assert primary.startswith("+84")
        started = conn.execute(select(func.min(t.interactions.c.started_at))).scalar_one()
        assert started.tzinfo is not None and started < NOW
        document = conn.execute(
            select(t.customer_search.c.document).where(t.customer_search.c.customer_id == 1234)
        ).scalar_one()
        assert primary[3:] in document  # the national-form digits, searchable as a fragment
        # The load leaves durability as it found it.
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_loading_fires_the_search_index_triggers(tmp_path: Path) -> None:
    # Stand-in for the migration's FTS5 index: plain INSERTs into customer_search must keep it in step.
    engine = create_engine(f"sqlite:///{tmp_path / 'fts.db'}")
    t.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE customer_fts USING fts5(document, content='customer_search', "
            "content_rowid='customer_id')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER customer_search_ai AFTER INSERT ON customer_search BEGIN "
            "INSERT INTO customer_fts(rowid, document) VALUES (new.customer_id, new.document); END"
        )

    seed_demo(engine, 300, seed=3, now=NOW)

    with engine.connect() as conn:
        name = conn.execute(select(t.customers.c.name).where(t.customers.c.id == 42)).scalar_one()
        term = name.split()[-1] if " " in name else name[0]
        hits = (
            conn.exec_driver_sql("SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?", (f'"{fold(term)}"*',))
            .scalars()
            .all()
        )
        assert 42 in hits
