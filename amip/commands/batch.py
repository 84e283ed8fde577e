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

from amip.conformance import Standards
from amip.errors import AmipError, error_lines, internal_error
from amip.stamp import input_digest, up_to_date, write_stamp
from amip.versions import load_labelled, version_directory


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


def build_one(data_dir: Path, target: Path, standards: Standards, strict: bool, force: bool = False,
              fmt: str = "pdf", previous: str | None = None) -> Result:
    """Build `target` unless it is up to date; errors become a failed result, never an exception.

    `previous` names an earlier version (directory or REV:PFAD) whose changes the draft lists at its end.
    """
    started = time.perf_counter()
    try:
        with version_directory(previous) if previous else nullcontext(None) as previous_dir:
            inputs = input_digest(data_dir, f"{standards}|strict={strict}|{fmt}|aenderungen={previous or ''}",
                                  previous_dir)
            stamp = None if force else up_to_date(target, inputs)
            if stamp:
                return Result(data_dir, target, Outcome.unchanged, time.perf_counter() - started, stamp.warnings)
            earlier = load_labelled(previous_dir, previous) if previous and previous_dir else None
        from amip.commands.build import build

        checked = build(data_dir, target, standards, strict, fmt, earlier)
    except (AmipError, OSError) as error:
        return Result(data_dir, target, Outcome.failed, time.perf_counter() - started, error=error_lines(error))
    warnings = checked.build_warnings()
    write_stamp(target, inputs, warnings)
    return Result(data_dir, target, Outcome.built, time.perf_counter() - started, warnings)


def build_many(jobs: Sequence[tuple[Path, Path]], standards: Standards, strict: bool, force: bool, workers: int,
               done: Callable[[Result], None], fmt: str = "pdf") -> list[Result]:
    """Build every (data set, target) pair on `workers` processes; `done` is called as each one ends."""
    results: list[Result] = []
    if workers <= 1 or len(jobs) <= 1:
        for data_dir, target in jobs:
            results.append(build_one(data_dir, target, standards, strict, force, fmt))
            done(results[-1])
        return results
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_warm_up) as pool:
        job_of = {pool.submit(build_one, data_dir, target, standards, strict, force, fmt): (data_dir, target)
                  for data_dir, target in jobs}
        for future in as_completed(job_of):
            data_dir, target = job_of[future]
            try:
                results.append(future.result())
            except Exception as error:  # a bug in amip stops this data set, not the batch
                results.append(Result(data_dir, target, Outcome.failed, 0.0,
                                      error=[internal_error(error)]))
            done(results[-1])
    order = {data_dir: index for index, (data_dir, _) in enumerate(jobs)}
    return sorted(results, key=lambda result: order[result.data_dir])


def _warm_up() -> None:
    """Each worker imports the pipeline once, before its first build."""
    import amip.commands.build  # noqa: F401


def default_workers() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
