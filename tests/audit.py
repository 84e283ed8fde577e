"""The audit hook of the hostile-input tests: network, processes, reads and writes a command must not do."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

FORBIDDEN_EVENTS = ("socket.", "http.", "subprocess.", "os.system", "os.exec", "os.posix_spawn",
                    "os.spawn", "os.fork", "pty.", "ftplib.", "smtplib.", "webbrowser.")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Recorder:
    """Audit hook: what a command did that it must not (network, processes, files outside the data set)."""

    def __init__(self) -> None:
        self.forbidden_files: set[str] = set()
        self.writable: list[Path] = []
        self.active = False
        self.seen: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event.startswith(FORBIDDEN_EVENTS):
            self.seen.append(event)
        elif event == "urllib.Request" and not str(args[0]).startswith("file:"):
            self.seen.append(f"{event} {args[0]}")
        elif event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, Path)):
            path = Path(args[0]).resolve()
            if str(path) in self.forbidden_files:
                self.seen.append(f"{event} {args[0]}")
            elif event == "open" and _writes(args) and not any(path.is_relative_to(root) for root in self.writable):
                self.seen.append(f"schreibt {args[0]}")


def _writes(args: tuple[Any, ...]) -> bool:
    """Whether the arguments of an `open` audit event open the file for writing."""
    mode, flags = (args[1:3] + (None, None))[:2]
    return bool(isinstance(mode, str) and set(mode) & set("wax+")) or bool(isinstance(flags, int) and flags & WRITE_FLAGS)


RECORDER = Recorder()
sys.addaudithook(RECORDER)
