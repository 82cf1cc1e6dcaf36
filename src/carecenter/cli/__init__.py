"""`carecenter` — the one command-line entry point (demo, serve, migrate, seed, import, backup …)."""

from __future__ import annotations

import sys

import click

from carecenter.cli import database, server, simulate
from carecenter.config import SettingsError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main_group() -> None:
    """carecenter: one customer care centre for a telecom or a power utility."""


for module in (server, database, simulate):
    for command in module.COMMANDS:
        main_group.add_command(command)


def _optional_commands() -> None:
    # Sub-command modules added by later capabilities register themselves here.
    import importlib

    for name in ("carecenter.cli.imports", "carecenter.cli.users"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        for command in module.COMMANDS:
            main_group.add_command(command)


_optional_commands()


def main() -> None:
    try:
        main_group(standalone_mode=True)
    except SettingsError as exc:
        click.echo(f"carecenter: configuration error: {exc}", err=True)
        sys.exit(2)
