"""`carecenter serve` and `carecenter demo`."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click
import uvicorn

from carecenter.app.commands.demo import DEMO_PASSWORD, demo_logins, ensure_demo_users
from carecenter.bootstrap import Container, build, web_app
from carecenter.cli.progress import progress_bar
from carecenter.config import load_settings

if TYPE_CHECKING:
    from carecenter.adapters.jobs.traffic import TrafficSimulator


def _announce_when_serving(server: uvicorn.Server, message: str) -> None:
    def watch() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            click.echo(message, err=False)

    threading.Thread(target=watch, daemon=True).start()


@click.command()
@click.option("--workers", default=1, show_default=True, help="Worker processes (more than 1 needs PostgreSQL).")
def serve(workers: int) -> None:
    """Serve the web app and API on CARECENTER_HOST:PORT (migrates the database first)."""
    settings = load_settings()
    if workers < 1:
        raise click.BadParameter("at least 1", param_hint="--workers")
    if workers > 1 and not settings.database_url.startswith("postgresql"):
        # Live updates between workers travel by PostgreSQL LISTEN/NOTIFY; SQLite has no way to tell
        # another process, so agents on one worker would not hear of offers made in another.
        raise click.BadParameter(
            "several workers need PostgreSQL (set CARECENTER_DATABASE_URL); with SQLite run one worker",
            param_hint="--workers",
        )
    build(settings).dispose()  # migrate once, before any worker starts
    if workers > 1:
        os.environ["CARECENTER_WORKERS"] = str(workers)
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
            web_app(build(settings, migrate=False, routing=True), jobs=True),
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
@click.option(
    "--traffic/--no-traffic", default=True, show_default=True, help="Simulated customers and agents agent2…agent20."
)
@click.option(
    "--rate",
    default=240.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Simulated contacts per hour at the busiest hour (fewer at night).",
)
def demo(customers: int, seed: int, traffic: bool, rate: float) -> None:
    """Run a live demo care centre on embedded SQLite: migrate, seed, create logins, serve, simulate traffic."""
    os.environ["CARECENTER_DEMO"] = "1"
    settings = load_settings()
    container = build(settings, routing=True)
    if _customer_count(container) == 0:
        from carecenter.adapters.db.bulk_load import seed_demo

        click.echo(f"Generating {customers:,} demo customers (seed {seed}) in {settings.data_dir} …")
        with progress_bar("Seeding demo data", customers) as advance:
            seed_demo(container.engine, customers=customers, seed=seed, now=datetime.now(UTC), progress=advance)
    ensure_demo_users(container.context)
    _give_demo_skills(container)
    url = f"http://127.0.0.1:{settings.port}"
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, region in demo_logins():
        if username.startswith("agent") and username not in ("agent1", "agent2", "agent20"):
            continue
        note = f" region {region}" if region else ""
        click.echo(f"  {username:<12} {role.value}{note}")
    click.echo("  (agent1 … agent20 all exist)")
    server = uvicorn.Server(
        uvicorn.Config(web_app(container, jobs=True), host=settings.host, port=settings.port, log_level="warning")
    )
    simulator = _demo_traffic(container, rate) if traffic else None
    if simulator is not None:
        click.echo(
            f"Traffic is simulated: customers call, chat and e-mail (~{rate:g}/hour at the busiest hour) and "
            f"agent2 … agent20 answer them; agent1 is free for you (log in, go ready, take calls)."
        )
        _run_alongside(server, simulator)
    _announce_when_serving(server, f"carecenter demo ready at {url}")
    try:
        server.run()
    finally:
        if simulator is not None:
            simulator.stop()


DEMO_SIMULATED_AGENTS = [f"agent{n}" for n in range(2, 21)]


def _give_demo_skills(container: Container) -> None:
    """The demo's agents and supervisor take general contacts (levels 3–8): those without any skill get it."""
    from carecenter.app.commands.acd_admin import set_agent_skills
    from carecenter.app.context import actor_of

    ctx = container.context
    with ctx.uow() as uow:
        admin = uow.users.by_username("admin")
        found = [uow.users.by_username(n) for n in ["supervisor", *(f"agent{n}" for n in range(1, 21))]]
        people = [
            (f[0].id, uow.routing.capacity_of(f[0].id)) for f in found if f and not uow.routing.skills_of(f[0].id)
        ]
    if admin is None:
        return
    for user_id, capacity in people:
        set_agent_skills(ctx, actor_of(admin[0]), user_id, {"general": 3 + user_id * 5 % 6}, capacity)


def _demo_traffic(container: Container, rate: float) -> TrafficSimulator:
    """Simulated customers and agents agent2…agent20 against this process's own ACD (agent1 stays free)."""
    from carecenter.adapters.jobs.traffic import Behaviour, TrafficSimulator
    from carecenter.adapters.jobs.traffic_drivers import InProcessDesk
    from carecenter.cli.simulate import sample_identities

    phones, emails = sample_identities(container.engine)
    desk = InProcessDesk.for_users(container.context, "admin", DEMO_SIMULATED_AGENTS)
    behaviour = Behaviour(per_hour=rate, timezone=container.settings.timezone)
    return TrafficSimulator(desk, DEMO_SIMULATED_AGENTS, behaviour, phones, emails, poll_s=0.5)


def _run_alongside(server: uvicorn.Server, simulator: TrafficSimulator) -> None:
    """Start the simulator once the server serves; stop it as soon as the server starts shutting down."""

    def watch() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.1)
        if server.started:
            simulator.start()
        while not server.should_exit:
            time.sleep(0.2)
        simulator.stop()

    threading.Thread(target=watch, name="demo-traffic-watch", daemon=True).start()


def _customer_count(container: object) -> int:
    from sqlalchemy import func, select

    from carecenter.adapters.db.tables import customers

    engine = container.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(customers)).scalar_one())


COMMANDS = [serve, demo]
