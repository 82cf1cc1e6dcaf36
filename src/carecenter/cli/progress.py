"""A rich progress bar for long work (seeding, importing, benchmarks' bulk loads)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """Yields `advance_to(done)`: call it with the number of items finished so far."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=False,
    ) as progress:
        task = progress.add_task(label, total=total)

        def advance_to(done: int) -> None:
            progress.update(task, completed=min(done, total))

        yield advance_to
        progress.update(task, completed=total)
