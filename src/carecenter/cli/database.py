"""`carecenter migrate | seed | backup | restore` — the embedded database's life cycle."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click

from carecenter.bootstrap import build
from carecenter.cli.progress import progress_bar
from carecenter.config import load_settings


@click.command()
def migrate() -> None:
    """Bring the database schema up to date (safe to run any time)."""
    settings = load_settings()
    build(settings).dispose()
    click.echo(f"database at the latest schema: {settings.database_url}")


@click.command()
@click.option("--customers", "count", default=20_000, show_default=True, type=click.IntRange(1, 50_000_000))
@click.option("--seed", default=7, show_default=True, help="Random seed: the same seed gives the same data.")
def seed(count: int, seed: int) -> None:
    """Generate realistic Vietnamese demo customers, services, bills and 8+ weeks of history."""
    from carecenter.adapters.db.bulk_load import SeedError, seed_demo

    container = build()
    try:
        with progress_bar("Seeding", count) as advance:
            counts = seed_demo(container.engine, customers=count, seed=seed, now=datetime.now(UTC), progress=advance)
    except SeedError as exc:
        raise click.ClickException(str(exc)) from None
    for table, rows in counts.items():
        click.echo(f"  {table:<18} {rows:>12,}")


def _sqlite_path() -> Path:
    settings = load_settings()
    if settings.sqlite_path is None:
        raise click.ClickException("backup/restore are for the embedded SQLite database; use pg_dump for PostgreSQL")
    return settings.sqlite_path


@click.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Copy the live embedded database to TARGET (consistent even while the server runs)."""
    source = _sqlite_path()
    if not source.exists():
        raise click.ClickException(f"no database at {source}")
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=4096)
    click.echo(f"backed up {source} -> {target} ({target.stat().st_size:,} bytes)")


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(source: Path, yes: bool) -> None:
    """Replace the embedded database with the backup SOURCE. Stop the server first."""
    target = _sqlite_path()
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            check.execute("SELECT version_num FROM alembic_version").fetchone()
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise click.ClickException(f"{source} is damaged (integrity check failed)")
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{source} is not a carecenter backup: {exc}") from None
    if not yes:
        click.confirm(f"Replace {target} with {source}?", abort=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    build().dispose()  # a backup from an older release is migrated forward
    click.echo(f"restored {source} -> {target}")


COMMANDS = [migrate, seed, backup, restore]
