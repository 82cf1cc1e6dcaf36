"""`carecenter simulate`: traffic against a running server (online), or a what-if on a virtual clock.

Online (`--url`) plays customers and simulated agents over the REST API. It must run on the server's
host with the same CARECENTER_DATA_DIR / CARECENTER_DATABASE_URL: it makes the agents' API tokens in
the database (and revokes them at the end) and samples real customers' numbers to call from. The
channel (a user with `acd.contacts`, e.g. admin) authenticates with `--token`, or with `--password`,
which is checked against the database before a token is made for it.

Offline (`--offline`) runs the routing engine itself (domain.routing.simulation) on a virtual clock:
one voice queue, N agents, Poisson arrivals; hours of a day in a second or two.
"""

from __future__ import annotations

import contextlib
import json
import re
import statistics
import time
from typing import Any

import click
from sqlalchemy import Engine, func, select

from carecenter.domain.routing import events as ev
from carecenter.domain.routing.engine import Router
from carecenter.domain.routing.model import Media, QueueConfig
from carecenter.domain.routing.simulation import SimAgent, Traffic
from carecenter.domain.routing.simulation import simulate as run_simulation

SL_THRESHOLD_S = 20.0


def sample_identities(engine: Engine, limit: int = 400) -> tuple[list[str], list[str]]:
    """Up to `limit` customers' phones (as callers dial them: 0912…) and e-mail addresses, spread out."""
    from carecenter.adapters.db.tables import identities

    found: dict[str, list[str]] = {"phone": [], "email": []}
    with engine.connect() as connection:
        for kind, values in found.items():
            where = identities.c.kind == kind
            total = connection.execute(select(func.count()).select_from(identities).where(where)).scalar_one()
            step = max(1, int(total) // limit)
            query = select(identities.c.value).where(where, identities.c.id % step == 0).limit(limit)
            values.extend(str(v) for v in connection.execute(query).scalars())
    phones = ["0" + p[3:] if p.startswith("+84") else p for p in found["phone"]]
    return phones, found["email"]


def parse_agents(text: str) -> list[str]:
    """`agent2..agent20` or `agent2,agent5,lan` -> usernames."""
    names: list[str] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        span = re.fullmatch(r"([^\d.]+)(\d+)\.\.(?:\1)?(\d+)", part)
        if span:
            first, last = int(span.group(2)), int(span.group(3))
            if last < first or last - first > 1000:
                raise click.BadParameter(
                    f"{part!r}: give a rising range of at most 1,000 agents", param_hint="--agents"
                )
            names += [f"{span.group(1)}{n}" for n in range(first, last + 1)]
        elif ".." in part:
            raise click.BadParameter(f"{part!r}: write a range as agent2..agent20", param_hint="--agents")
        else:
            names.append(part)
    if not names:
        raise click.BadParameter("name at least one agent", param_hint="--agents")
    return list(dict.fromkeys(names))


def offline_figures(
    hours: float,
    agents: int,
    rate: float,
    aht: float,
    patience: float | None,
    seed: int,
    profile: tuple[float, ...] = (),
    start_hour: int = 0,
    progress: Any = None,
) -> dict[str, Any]:
    """Simulate `hours` of one voice queue and return the figures a planner looks at."""
    queue = QueueConfig("voice.general", Media.VOICE, "general", sl_threshold_s=SL_THRESHOLD_S)
    team = [
        SimAgent(n, {"general": 5}, answer_delay_s=4.0, wrap_s=12.5, reject_share=0.03, miss_share=0.03)
        for n in range(1, agents + 1)
    ]
    traffic = Traffic("voice.general", rate, aht, patience or None, profile)
    start, duration = start_hour * 3600.0, hours * 3600.0
    busy_since: dict[int, float] = {}
    busy = [0.0]
    last = [start]

    def on_step(step: ev.RoutingInput | ev.Decision, router: Router) -> None:
        if isinstance(step, ev.OfferAccepted):
            busy_since[step.contact] = router.now
        elif isinstance(step, ev.WrapUpDone | ev.WrapUpExpired) and step.contact in busy_since:
            busy[0] += router.now - busy_since.pop(step.contact)
        if progress is not None and router.now - last[0] >= 60:
            last[0] = router.now
            progress(int(min(router.now - start, duration)))

    outcome = run_simulation([queue], team, [traffic], duration, seed=seed, start=start, on_step=on_step)
    span = max(last[0], start + duration) - start
    offered = outcome.offered
    return {
        "hours": hours,
        "agents": agents,
        "rate_per_hour": rate,
        "aht_s": aht,
        "patience_s": patience or None,
        "offered": offered,
        "answered": outcome.answered,
        "abandoned": outcome.abandoned,
        "abandon_rate": round(outcome.abandoned / offered, 4) if offered else 0.0,
        "service_level": round(outcome.answered_in[SL_THRESHOLD_S] / offered, 4) if offered else 1.0,
        "sl_threshold_s": SL_THRESHOLD_S,
        "asa_s": round(statistics.fmean(outcome.waits), 1) if outcome.waits else 0.0,
        "occupancy": round(busy[0] / (agents * span), 4) if span > 0 else 0.0,
        "seed": seed,
    }


def _offline(options: dict[str, Any]) -> None:
    from carecenter.adapters.jobs.traffic import INTRADAY
    from carecenter.cli.progress import progress_bar

    try:
        agents = int(options["agents"] or 19)
    except ValueError:
        raise click.BadParameter("offline, give a number of agents (e.g. 19)", param_hint="--agents") from None
    if not 1 <= agents <= 10_000:
        raise click.BadParameter("from 1 to 10,000 agents", param_hint="--agents")
    args = (options["hours"], agents, options["rate"], options["aht"], options["patience"], options["seed"])
    extra = {"profile": INTRADAY if options["intraday"] else (), "start_hour": options["start_hour"]}
    if options["as_json"]:
        click.echo(json.dumps(offline_figures(*args, **extra)))
        return
    with progress_bar("Simulating", int(options["hours"] * 3600)) as advance:
        figures = offline_figures(*args, **extra, progress=advance)
    for key, label, shown in (
        ("offered", "offered", "{:,}"),
        ("answered", "answered", "{:,}"),
        ("abandoned", "abandoned", "{:,}"),
        ("abandon_rate", "abandon rate", "{:.1%}"),
        ("service_level", f"service level ({SL_THRESHOLD_S:.0f} s)", "{:.1%}"),
        ("asa_s", "average speed of answer", "{:.1f} s"),
        ("occupancy", "agent occupancy", "{:.1%}"),
    ):
        click.echo(f"  {label:<26} {shown.format(figures[key])}")


def _online(options: dict[str, Any]) -> None:
    from carecenter.adapters.jobs.traffic import Behaviour, TrafficSimulator
    from carecenter.adapters.jobs.traffic_drivers import HttpDesk
    from carecenter.app.commands import auth
    from carecenter.app.context import actor_of
    from carecenter.bootstrap import build
    from carecenter.domain.errors import DomainError

    names = parse_agents(options["agents"] or "agent2..agent20")
    if not options["token"] and not options["password"]:
        raise click.UsageError("give the channel's --token, or --username and --password to make one")
    container = build(migrate=False)
    ctx, made = container.context, []
    try:
        with ctx.uow() as uow:
            found = {n: uow.users.by_username(n) for n in [options["username"], *names]}
            missing = sorted(n for n, user in found.items() if user is None)
            if missing:
                raise click.ClickException(f"no such users in {container.settings.database_url}: {', '.join(missing)}")
            users = {n: user[0] for n, user in found.items() if user is not None}
            skilless = [n for n in names if not uow.routing.skills_of(users[n].id)]
        if skilless:
            click.echo(f"warning: no skills, so no offers for: {', '.join(skilless)}", err=True)
        channel = options["token"]
        if not channel:
            try:
                session = auth.login(ctx, options["username"], options["password"], client="carecenter simulate")
            except DomainError as exc:
                raise click.ClickException(f"{options['username']}: {exc}") from None
            auth.logout(ctx, session.session_secret)
            made.append((session.user, *auth.create_api_token(ctx, actor_of(session.user), "traffic simulator")))
            channel = made[-1][2]
        tokens = {}
        for name in names:
            user = users[name]
            made.append((user, *auth.create_api_token(ctx, actor_of(user), "traffic simulator")))
            tokens[name] = made[-1][2]
        desk = HttpDesk(options["url"], channel, tokens)
        try:
            desk.reason_codes()
        except Exception as exc:  # unreachable, refused (401/403), not a carecenter: say so, no traceback
            raise click.ClickException(f"cannot drive {options['url']}: {exc}") from None
        phones, emails = sample_identities(container.engine)
        behaviour = Behaviour(per_hour=options["rate"], speed=options["speed"])
        minutes = options["minutes"]
        simulator = TrafficSimulator(desk, names, behaviour, phones, emails, duration_s=minutes * 60, poll_s=1.0)
        click.echo(f"simulating {len(names)} agents and ~{options['rate']:g} contacts/hour at {options['url']} …")
        simulator.start()
        started = time.monotonic()
        try:
            while simulator.running:
                simulator.wait(5)
                elapsed = time.monotonic() - started
                shown = ", ".join(f"{k} {v}" for k, v in sorted(simulator.stats.items())) or "no contact yet"
                click.echo(f"  {elapsed / 60:5.1f} min  {shown}")
        except KeyboardInterrupt:
            click.echo("stopping …")
        finally:
            simulator.stop()
            desk.close()
        click.echo("done: " + ", ".join(f"{k} {v}" for k, v in sorted(simulator.stats.items())))
    finally:
        for user, token_id, _secret in made:
            with contextlib.suppress(DomainError):
                auth.revoke_api_token(ctx, actor_of(user), token_id)
        container.dispose()


positive = click.FloatRange(min=0, min_open=True)


@click.command()
@click.option("--offline", is_flag=True, help="Run the routing engine on a virtual clock (a what-if study).")
@click.option("--url", help="Online: the running server, e.g. http://127.0.0.1:8000.")
@click.option("--username", default="admin", show_default=True, help="Online: the channel user (acd.contacts).")
@click.option("--password", help="Online: the channel user's password (a token is made for the run).")
@click.option("--token", help="Online: an API token of the channel user instead of the password.")
@click.option("--agents", help="Online: usernames, agent2..agent20 or a,b,c; offline: how many (default 19).")
@click.option(
    "--rate",
    default=240.0,
    show_default=True,
    type=click.FloatRange(0, 100_000, min_open=True),
    help="Contacts per hour (online: at the busiest hour, fewer at night; offline: every hour unless --intraday).",
)
@click.option("--minutes", default=10.0, show_default=True, type=positive, help="Online: how long to run.")
@click.option("--speed", default=1.0, show_default=True, type=positive, help="Online: customers and agents act faster.")
@click.option(
    "--hours", default=8.0, show_default=True, type=click.FloatRange(0, 24 * 31, min_open=True), help="Offline."
)
@click.option("--aht", default=180.0, show_default=True, type=positive, help="Offline: mean handle time (s).")
@click.option("--patience", default=90.0, show_default=True, type=click.FloatRange(min=0), help="Offline: 0 = never.")
@click.option("--seed", default=1, show_default=True, help="Offline: random seed (same seed, same figures).")
@click.option("--intraday/--flat", default=False, help="Offline: shape arrivals by a care centre's day.")
@click.option("--start-hour", default=8, show_default=True, type=click.IntRange(0, 23), help="Offline, --intraday.")
@click.option("--json", "as_json", is_flag=True, help="Offline: print one JSON object.")
def simulate(**options: Any) -> None:
    """Simulated customers and agents: against a running server, or offline on a virtual clock.

    \b
      carecenter simulate --url http://127.0.0.1:8000 --password demo --agents agent2..agent20 --minutes 10
      carecenter simulate --offline --hours 8 --agents 19 --rate 240 --json

    Online runs on the server's host with the same CARECENTER_DATA_DIR / CARECENTER_DATABASE_URL: it makes
    the agents' API tokens in that database (revoked at the end) and calls from real customers' numbers.
    """
    if options["offline"] == bool(options["url"]):
        raise click.UsageError("give either --url (a running server) or --offline")
    if options["offline"]:
        _offline(options)
    else:
        _online(options)


COMMANDS = [simulate]
