"""`carecenter serve` and `carecenter demo`."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

import click
import uvicorn

from carecenter.app.commands.demo import DEMO_PASSWORD, demo_logins, ensure_demo_users
from carecenter.bootstrap import build, web_app
from carecenter.cli.progress import progress_bar
from carecenter.config import load_settings


def _announce_when_serving(server: uvicorn.Server, message: str) -> None:
    def watch() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            click.echo(message, err=False)

    threading.Thread(target=watch, daemon=True).start()


@click.command()
@click.option("--workers", default=1, show_default=True, help="Worker processes (PostgreSQL recommended for >1).")
def serve(workers: int) -> None:
    """Serve the web app and API on CARECENTER_HOST:PORT (migrates the database first)."""
    settings = load_settings()
    build(settings).dispose()  # migrate once, before any worker starts
    if workers > 1:
        uvicorn.run(
            "carecenter.bootstrap:asgi",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_level="warning",
        )
        return
    server = uvicorn.Server(
        uvicorn.Config(
            web_app(build(settings, migrate=False)),
            host=settings.host,
            port=settings.port,
            log_level="warning",
        )
    )
    _announce_when_serving(server, f"carecenter serving at http://{settings.host}:{settings.port}")
    server.run()


@click.command()
@click.option("--customers", default=20_000, show_default=True, help="Demo customers to generate on first start.")
@click.option("--seed", default=7, show_default=True, help="Random seed of the demo data.")
def demo(customers: int, seed: int) -> None:
    """Run a live demo care centre on embedded SQLite: migrate, seed, create logins, serve."""
    os.environ["CARECENTER_DEMO"] = "1"
    settings = load_settings()
    container = build(settings)
    if _customer_count(container) == 0:
        from carecenter.adapters.db.bulk_load import seed_demo

        click.echo(f"Generating {customers:,} demo customers (seed {seed}) in {settings.data_dir} …")
        with progress_bar("Seeding demo data", customers) as advance:
            seed_demo(container.engine, customers=customers, seed=seed, now=datetime.now(UTC), progress=advance)
    ensure_demo_users(container.context)
    url = f"http://127.0.0.1:{settings.port}"
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, region in demo_logins():
        if username.startswith("agent") and username not in ("agent1", "agent2", "agent20"):
            continue
        note = f" region {region}" if region else ""
        click.echo(f"  {username:<12} {role.value}{note}")
    click.echo("  (agent1 … agent20 all exist)")
    server = uvicorn.Server(
        uvicorn.Config(web_app(container), host=settings.host, port=settings.port, log_level="warning")
    )
    _announce_when_serving(server, f"carecenter demo ready at {url}")
    server.run()


def _customer_count(container: object) -> int:
    from sqlalchemy import func, select

    from carecenter.adapters.db.tables import customers

    engine = container.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(customers)).scalar_one())


COMMANDS = [serve, demo]
