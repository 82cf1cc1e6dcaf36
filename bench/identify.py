"""Caller ID -> customer-360 payload (with its read-audit write), on SQLite and PostgreSQL.

Loads N customers (1-2 identities, 1 service, 3 bills, 2 interactions each on average) with the demo
generator's bulk loader, then times the agent's screen-pop path through the application layer:
screen_pop(phone) (identify + customer 360 + read-audit rows, one transaction) -> the JSON payload
the agent's page receives.

    python bench/identify.py --quick            # 50,000 customers per database, under a minute in all
    python bench/identify.py                    # 10,000,000 customers (checks free disk first)

Ends with one `RESULT key=value …` line. Figures are for this machine; compare ratios across runs.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from sqlalchemy import func, select, text  # noqa: E402

from carecenter.adapters.db.bulk_load import seed_demo  # noqa: E402
from carecenter.adapters.db.tables import identities  # noqa: E402
from carecenter.app.queries.screen_pop import screen_pop as pop_for  # noqa: E402
from carecenter.bootstrap import build  # noqa: E402
from carecenter.cli.progress import progress_bar  # noqa: E402
from carecenter.config import load_settings  # noqa: E402
from carecenter.domain.access.permissions import Actor, Role  # noqa: E402
from carecenter.web.api.serialise import customer_360 as payload_of  # noqa: E402

# Measured on-disk size per customer with all its rows and indexes (see docs/benchmarks.md), plus margin.
BYTES_PER_CUSTOMER = {"sqlite": 2_600, "postgres": 3_600}
AGENT = Actor(user_id=1, username="bench-agent", role=Role.AGENT)


def check_disk(where: Path, customers: int, databases: list[str]) -> None:
    # Databases are built one after the other and each is deleted before the next starts.
    need = int(max(BYTES_PER_CUSTOMER[d] for d in databases) * customers * 1.3)
    free = shutil.disk_usage(where).free
    print(f"disk: need about {need / 1e9:.1f} GB in {where}, {free / 1e9:.1f} GB free")
    if free < need:
        sys.exit(
            f"not enough free disk in {where}: {customers:,} customers need about {need / 1e9:.1f} GB; "
            f"use --workdir on a bigger disk or fewer --customers"
        )


@contextmanager
def database(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="cc-bench-", dir=workdir))
        try:
            yield f"sqlite:///{folder / 'bench.db'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        from tests.pgcluster import throwaway_cluster

        # Durable settings (fsync on): the audit write's commit cost is part of what is measured.
        with throwaway_cluster(
            durable=True, settings={"shared_buffers": "2GB", "max_wal_size": "8GB", "checkpoint_timeout": "30min"}
        ) as url:
            yield url


def sample_phones(engine: object, count: int, seed: int) -> list[str]:
    """`count` stored phone numbers picked at random, in the national form an agent's phone shows."""
    rng = random.Random(seed)
    with engine.connect() as connection:  # type: ignore[attr-defined]
        top = connection.execute(select(func.max(identities.c.id))).scalar_one()
        picked: list[str] = []
        while len(picked) < count:
            ids = [rng.randint(1, top) for _ in range(min(count * 2, 5_000))]  # under SQLite's variable limit
            rows = connection.execute(
                select(identities.c.value).where(identities.c.id.in_(ids), identities.c.kind == "phone")
            ).scalars()
            picked += ["0" + v[3:] if v.startswith("+84") else v for v in rows]
    rng.shuffle(picked)
    return picked[:count]


def screen_pop(ctx: object, phone: str) -> str:
    """What an agent's screen gets when a call is offered: app.queries.screen_pop + its JSON payload.

    Returns the match kind: `found` (one customer, with the 360), `candidates` (a shared number: the
    agent picks) or `new_caller`.
    """
    pop = pop_for(ctx, AGENT, phone=phone, screen="bench:screen-pop")  # type: ignore[arg-type]
    if pop.view is not None:
        payload_of(pop.view)
    return str(pop.identification.match.value)


def run_one(kind: str, customers: int, samples: int, workdir: Path) -> dict[str, float]:
    with database(kind, workdir) as url:
        container = build(load_settings(database_url=url), fast_hashing=True)
        started = time.perf_counter()
        with progress_bar(f"{kind}: loading", customers) as advance:
            seed_demo(
                container.engine, customers=customers, seed=11, now=datetime(2026, 11, 1, tzinfo=UTC), progress=advance
            )
        with container.engine.connect() as connection:
            if url.startswith("sqlite"):
                # Unbounded, SQLite's ANALYZE reads every index whole (many minutes at 10 M customers).
                connection.exec_driver_sql("PRAGMA analysis_limit=2000")
            connection.execute(text("ANALYZE"))
            connection.commit()
        load_s = time.perf_counter() - started
        size = _size_bytes(container.engine, url)
        phones = sample_phones(container.engine, samples + 200, seed=5)
        for phone in phones[:200]:  # warm caches and the connection pool
            screen_pop(container.context, phone)
        timings: list[float] = []
        matches: Counter[str] = Counter()
        for phone in phones[200:]:
            t0 = time.perf_counter()
            matches[screen_pop(container.context, phone)] += 1
            timings.append((time.perf_counter() - t0) * 1000)
        container.dispose()
    timings.sort()
    q = statistics.quantiles(timings, n=100)
    found = matches["found"] / len(timings)
    result = {
        "load_s": load_s,
        "p50_ms": q[49],
        "p90_ms": q[89],
        "p99_ms": q[98],
        "max_ms": timings[-1],
        "found": found,
        "bytes_per_customer": size / customers,
    }
    print(
        f"{kind:>8}: {customers:,} customers loaded in {load_s:,.0f} s ({size / 1e9:.2f} GB); "
        f"screen pop over {len(timings):,} calls: p50 {q[49]:.2f} ms, p90 {q[89]:.2f} ms, p99 {q[98]:.2f} ms, "
        f"max {timings[-1]:.1f} ms; {found:.0%} one customer, {matches['candidates'] / len(timings):.0%} "
        f"candidates (shared number), {matches['new_caller'] / len(timings):.0%} new caller"
    )
    return result


def _size_bytes(engine: object, url: str) -> int:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        if url.startswith("sqlite"):
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
            return int(pages * connection.exec_driver_sql("PRAGMA page_size").scalar_one())
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="50,000 customers, 2,000 calls per database")
    parser.add_argument("--customers", type=int, default=10_000_000)
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--db", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    customers, samples = (50_000, 2_000) if args.quick else (args.customers, args.samples)
    kinds = [k.strip() for k in args.db.split(",") if k.strip()]
    if unknown := set(kinds) - set(BYTES_PER_CUSTOMER):
        parser.error(f"unknown --db {', '.join(sorted(unknown))}; use sqlite and/or postgres")
    check_disk(args.workdir, customers, kinds)
    results = {kind: run_one(kind, customers, samples, args.workdir) for kind in kinds}
    fields = [f"customers={customers}", f"samples={samples}"]
    for kind, r in results.items():
        short = "pg" if kind == "postgres" else kind
        fields += [
            f"{short}_p50_ms={r['p50_ms']:.3f}",
            f"{short}_p99_ms={r['p99_ms']:.3f}",
            f"{short}_load_s={r['load_s']:.1f}",
            f"{short}_bytes_per_customer={r['bytes_per_customer']:.0f}",
        ]
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    main()
