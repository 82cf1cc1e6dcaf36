"""`carecenter import FILE --source BRANCH --mapping MAPPING` — load a branch's customer export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from carecenter.app.commands.imports import ImportOutcome, import_customers
from carecenter.app.context import actor_of
from carecenter.bootstrap import build
from carecenter.domain.access.permissions import Actor, Role

_PHASES = {"check": "Checking rows", "write": "Writing customers"}
# Work done from the command line by whoever runs it on the server (user id 0 is never a real user).
OPERATOR = Actor(user_id=0, username="cli", role=Role.ADMIN)


def load_mapping(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml  # PyYAML comes with Litestar

            value = yaml.safe_load(text)
        else:
            value = json.loads(text)
    except (ValueError, ImportError) as exc:
        raise click.BadParameter(f"{path} is not a valid mapping file: {exc}", param_hint="--mapping") from None
    if not isinstance(value, dict):
        raise click.BadParameter(f"{path} must hold an object with a `columns` part", param_hint="--mapping")
    return value


def print_outcome(console: Console, outcome: ImportOutcome) -> None:
    if outcome.status == "rejected" or outcome.problems:
        table = Table(
            "Row", "Column", "Field", "Reason", title=f"{len(outcome.problems)} problem(s) — nothing imported"
        )
        for line in outcome.problems:
            table.add_row(str(line.row), line.column or "", line.field, line.reason)
        console.print(table)
        if outcome.batch_id:
            console.print(f"recorded as rejected import batch #{outcome.batch_id}")
        return
    verb = "would import" if outcome.status == "checked" else "imported"
    console.print(
        f"{verb} {outcome.rows:,} rows: {outcome.customers:,} customers, {outcome.premises:,} premises, "
        f"{outcome.services:,} services, {outcome.bills:,} bills"
    )
    if outcome.status == "imported":
        console.print(f"import batch #{outcome.batch_id}; possible duplicates: {outcome.possible_duplicates:,}")
        if outcome.possible_duplicates:
            console.print("review them at /duplicates (or GET /api/v1/duplicates)")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, help="The branch the export comes from, e.g. HN01.")
@click.option(
    "--mapping",
    "mapping_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON or YAML file mapping our fields to the file's column headers (see docs/import.md).",
)
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option("--user", "username", default=None, help="Record the import as done by this user.")
def import_file(file: Path, source: str, mapping_path: Path, dry_run: bool, username: str | None) -> None:
    """Import customers, services and bills from a branch's CSV or XLSX export: all rows or none."""
    mapping = load_mapping(mapping_path)
    container = build()
    ctx = container.context
    actor = OPERATOR
    if username:
        with ctx.uow() as uow:
            found = uow.users.by_username(username)
        if found is None:
            raise click.BadParameter(f"no user {username!r}", param_hint="--user")
        actor = actor_of(found[0])
    console = Console()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def advance(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(_PHASES.get(phase, phase), total=total or None)
            progress.update(tasks[phase], completed=done, total=max(total, done))

        with file.open("rb") as data:
            outcome = import_customers(ctx, actor, file.name, data, source, mapping, dry_run, progress=advance)
        for task in tasks.values():
            progress.update(task, completed=progress.tasks[task].total)
    container.dispose()
    print_outcome(console, outcome)
    if outcome.status == "rejected":
        raise SystemExit(1)


COMMANDS = [import_file]
