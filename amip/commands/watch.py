"""`amip watch`: build web page and PDF again after every save, say so in one line, keep the preview current."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from amip import TEMPLATE_DIR
from amip.commands.batch import Outcome, Result, build_one
from amip.commands.preview import Status, serving, warning_count
from amip.errors import internal_error
from amip.output import refuse_inside_data_set
from amip.pdf.conformance import Standards

WAKE_UP_MS = 250
"""How long the watcher waits for a change before it wakes up once; the first wake-up starts the first build."""

Publish = Callable[[Status], None]
Say = Callable[[str], None]


@dataclass(frozen=True)
class Watched:
    """The data set to watch, the web page and the PDF built from it, and whether warnings count as errors."""

    data_dir: Path
    html: Path
    pdf: Path
    strict: bool = False

    @classmethod
    def into(cls, data_dir: Path, output_dir: Path, strict: bool) -> Watched:
        """Build `data_dir` into output_dir/NAME.html and output_dir/NAME.pdf."""
        name = data_dir.resolve().name
        return cls(data_dir, output_dir / f"{name}.html", output_dir / f"{name}.pdf", strict)

    @property
    def name(self) -> str:
        return self.html.stem


@dataclass(frozen=True)
class Rebuild:
    """One round after a save: the web page's build, then the PDF's (None if the web page failed), and when."""

    time: str
    html: Result
    pdf: Result | None

    @property
    def failed(self) -> Result | None:
        """The build that failed, if one did."""
        return next((result for result in (self.html, self.pdf) if result and result.outcome is Outcome.failed), None)

    def status(self) -> Status:
        """What the preview shows after this round."""
        failed = self.failed
        return Status(self.time, tuple(failed.error) if failed else (), tuple(self.html.warnings))


def run(watched: Watched, port: int | None, say: Say) -> None:
    """Build and watch until Ctrl+C; with a port, serve the preview on 127.0.0.1 meanwhile."""
    for target in (watched.html, watched.pdf):
        refuse_inside_data_set(target, watched.data_dir)
    with serving(watched.html, watched.pdf, port) if port is not None else nullcontext() as server:
        if server:
            say(f"Vorschau: {server.address} (Beenden mit Strg+C)")
        else:
            say(f"Beobachte {watched.data_dir} (Beenden mit Strg+C)")
        try:
            watch(watched, threading.Event(), say, server.publish if server else _nobody)
        except KeyboardInterrupt:
            pass
    say("Beendet.")


def watch(watched: Watched, stop: threading.Event, say: Say, publish: Publish) -> None:
    """Build now, then after every change to the data set or the built-in templates, until `stop` is set.

    A failed build is reported and the loop goes on (Pelican's autoreload does the same). Changes made
    while a build runs are collected by the watcher and start the next build.
    """
    changes = watchfiles.watch(watched.data_dir.resolve(), TEMPLATE_DIR, watch_filter=relevant_changes(watched),
                               stop_event=stop, rust_timeout=WAKE_UP_MS, yield_on_timeout=True)
    shown: list[str] = []
    for round_, changed in enumerate(changes):
        if changed or round_ == 0:  # the first round comes once the watcher runs: no save is missed
            done = rebuild(watched, publish)
            for line in describe(watched.name, done, shown):
                say(line)
            shown = done.html.warnings


def relevant_changes(watched: Watched) -> watchfiles.DefaultFilter:
    """Editors' temporary files do not count, nor does what the build writes: output/ may lie inside the data set."""
    return watchfiles.DefaultFilter(ignore_paths=[watched.html.parent.resolve()])


def rebuild(watched: Watched, publish: Publish) -> Rebuild:
    """Build the web page and show it, then the PDF; if the web page fails, the PDF's data is just as bad."""
    html = _build(watched, watched.html, "html")
    if html.outcome is Outcome.failed:
        done = Rebuild(_clock(), html, None)
    else:
        publish(Status(_clock(), warnings=tuple(html.warnings), pdf_pending=True))
        done = Rebuild(_clock(), html, _build(watched, watched.pdf, "pdf"))
    publish(done.status())
    return done


def describe(name: str, done: Rebuild, shown: list[str]) -> list[str]:
    """The terminal line for one round, then its error lines, or its warnings if they differ from those shown."""
    steps = [_took(result) for result in (done.html, done.pdf) if result and result.outcome is not Outcome.failed]
    failed = done.failed
    if failed:
        kept = "HTML und PDF bleiben" if failed is done.html else "das PDF bleibt"
        steps.append(f"Fehler nach {_seconds(failed)}, {kept} wie zuvor:")
        return [f"{done.time}  {name}: {', '.join(steps)}", *(f"  {line}" for line in failed.error)]
    warnings = done.html.warnings
    if warnings:
        steps.append(warning_count(warnings))
    details = [f"  Warnung: {warning}" for warning in warnings] if warnings != shown else []
    return [f"{done.time}  {name}: {', '.join(steps)}", *details]


def _took(result: Result) -> str:
    kind = result.target.suffix.lstrip(".").upper()
    return f"{kind} unverändert" if result.outcome is Outcome.unchanged else f"{kind} {_seconds(result)}"


def _seconds(result: Result) -> str:
    return f"{result.seconds_german} s"


def _build(watched: Watched, target: Path, fmt: str) -> Result:
    """One build; a bug in amip fails it like bad data, so watching goes on (AMIP_DEBUG=1 shows the traceback)."""
    started = time.perf_counter()
    try:
        return build_one(watched.data_dir, target, Standards(), watched.strict, fmt=fmt)
    except Exception as error:
        if os.environ.get("AMIP_DEBUG"):
            raise
        return Result(watched.data_dir, target, Outcome.failed, time.perf_counter() - started,
                      error=[internal_error(error)])


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def _nobody(status: Status) -> None:
    """Without a preview nobody is told of a new status."""
