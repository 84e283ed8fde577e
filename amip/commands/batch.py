"""Build one or many data sets: skip unchanged ones, build the others in parallel, report each result."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from amip.errors import AmipError, error_lines, internal_error
from amip.load.versions import load_labelled, version_directory
from amip.output import refuse_inside_data_set
from amip.pdf.conformance import Standards
from amip.stamp import input_digest, up_to_date, write_stamp


class Outcome(str, Enum):
    """How the build of one data set ended."""

    built = "gebaut"
    unchanged = "unverändert"
    failed = "fehlgeschlagen"


@dataclass(frozen=True)
class Result:
    """The result of one data set's build: outcome, time, warnings, and the error message if it failed."""

    data_dir: Path
    target: Path
    outcome: Outcome
    seconds: float
    warnings: list[str] = field(default_factory=list)
    error: list[str] = field(default_factory=list)

    @property
    def seconds_german(self) -> str:
        """The time taken as the summary and `watch` print it: „1,4“."""
        return f"{self.seconds:.1f}".replace(".", ",")


def build_one(data_dir: Path, target: Path, standards: Standards, strict: bool, force: bool = False,
              fmt: str = "pdf", previous: str | None = None) -> Result:
    """Build `target` unless it is up to date; errors become a failed result, never an exception.

    `previous` names an earlier version (directory or REV:PFAD) whose changes the draft lists at its end.
    """
    started = time.perf_counter()
    try:
        refuse_inside_data_set(target, data_dir, f"{data_dir.resolve().name}.{fmt}")
        with version_directory(previous) if previous else nullcontext(None) as previous_dir:
            inputs = input_digest(data_dir, _options(standards, strict, fmt, previous), previous_dir)
            unchanged = None if force else _unchanged(data_dir, target, inputs, started)
            if unchanged:
                return unchanged
            earlier = load_labelled(previous_dir, previous) if previous and previous_dir else None
        from amip.commands.build import build

        checked = build(data_dir, target, standards, strict, fmt, earlier)
    except (AmipError, OSError) as error:
        return Result(data_dir, target, Outcome.failed, time.perf_counter() - started, error=error_lines(error))
    warnings = checked.build_warnings()
    write_stamp(target, inputs, warnings)
    return Result(data_dir, target, Outcome.built, time.perf_counter() - started, warnings)


def _options(standards: Standards, strict: bool, fmt: str, previous: str | None) -> str:
    """The build options as the stamp records them."""
    return f"{standards}|strict={strict}|{fmt}|aenderungen={previous or ''}"


def _unchanged(data_dir: Path, target: Path, inputs: str, started: float) -> Result | None:
    """The result of a build that is skipped because `target` was built from exactly these inputs, or None."""
    stamp = up_to_date(target, inputs)
    return Result(data_dir, target, Outcome.unchanged, time.perf_counter() - started, stamp.warnings) if stamp else None


def build_many(jobs: Sequence[tuple[Path, Path]], standards: Standards, strict: bool, force: bool, workers: int,
               done: Callable[[Result], None], fmt: str = "pdf") -> list[Result]:
    """Build every (data set, target) pair on `workers` processes; `done` is called as each one ends.

    Unchanged data sets are found here first, so a batch with nothing to do starts no worker.
    """
    results: list[Result] = []
    stale = []
    for data_dir, target in jobs:
        started = time.perf_counter()
        unchanged = None if force else _unchanged(data_dir, target, input_digest(
            data_dir, _options(standards, strict, fmt, None)), started)
        if unchanged:
            results.append(unchanged)
            done(unchanged)
        else:
            stale.append((data_dir, target))
    if workers <= 1 or len(stale) <= 1:
        for data_dir, target in stale:
            results.append(build_one(data_dir, target, standards, strict, True, fmt))
            done(results[-1])
        return _in_order(results, jobs)
    with ProcessPoolExecutor(max_workers=min(workers, len(stale)), initializer=_warm_up) as pool:
        job_of = {pool.submit(build_one, data_dir, target, standards, strict, True, fmt): (data_dir, target)
                  for data_dir, target in stale}
        for future in as_completed(job_of):
            data_dir, target = job_of[future]
            try:
                results.append(future.result())
            except Exception as error:  # a bug in amip stops this data set, not the batch
                results.append(Result(data_dir, target, Outcome.failed, 0.0,
                                      error=[internal_error(error)]))
            done(results[-1])
    return _in_order(results, jobs)


def _in_order(results: list[Result], jobs: Sequence[tuple[Path, Path]]) -> list[Result]:
    order = {data_dir: index for index, (data_dir, _) in enumerate(jobs)}
    return sorted(results, key=lambda result: order[result.data_dir])


def _warm_up() -> None:
    """Each worker imports the pipeline once, before its first build."""
    import amip.commands.build  # noqa: F401


def default_workers() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
