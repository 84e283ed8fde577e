"""The terminal view of a batch build: a progress bar while it runs, a summary table at the end."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from amip.commands.batch import Outcome, Result, build_many, default_workers
from amip.pdf.conformance import Standards

STYLES = {Outcome.built: "green", Outcome.unchanged: "dim", Outcome.failed: "bold red"}


def build_with_progress(jobs: Sequence[tuple[Path, Path]], standards: Standards, strict: bool, force: bool,
                        workers: int | None, fmt: str = "pdf") -> bool:
    """Build every data set with a progress bar and a summary; True if any build failed."""
    console = Console(stderr=True, highlight=False)
    workers = workers or default_workers()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"Baue {len(jobs)} Datensätze mit {workers} Prozessen", total=len(jobs))
        results = build_many(jobs, standards, strict, force, workers, lambda _: progress.advance(task), fmt)
    _details(console, results)
    console.print(_summary(results))
    return any(result.outcome is Outcome.failed for result in results)


def _details(console: Console, results: list[Result]) -> None:
    """Every error and warning, under the name of its data set."""
    for result in results:
        lines = [*result.error, *(f"Warnung: {warning}" for warning in result.warnings)]
        if lines:
            console.print(f"[bold]{result.data_dir}[/bold]")
            for line in lines:
                console.print(f"  {line}", markup=False)


def _summary(results: list[Result]) -> Table:
    counts = {outcome: sum(result.outcome is outcome for result in results) for outcome in Outcome}
    table = Table(title="Übersicht", caption=", ".join(f"{count} {outcome.value}" for outcome, count in counts.items()))
    for header, justify in (("Datensatz", "left"), ("Ergebnis", "left"), ("Warnungen", "right"),
                            ("Sekunden", "right"), ("PDF", "left")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for result in results:
        table.add_row(str(result.data_dir), f"[{STYLES[result.outcome]}]{result.outcome.value}",
                      str(len(result.warnings)), result.seconds_german,
                      str(result.target) if result.outcome is not Outcome.failed else "–")
    return table
