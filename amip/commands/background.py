"""Fill a cache in a second process while the build goes on: on two cores, drawing charts hides behind WeasyPrint."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable


def meanwhile(work: Callable[[], None]) -> Callable[[], None]:
    """Start `work` in a forked process; return `wait`, which returns once the work is done.

    Only a main process with a single thread forks (a batch worker already shares the cores, and
    forking beside threads, as in watch mode, is unsafe); otherwise `work` runs right away. If
    the second process fails, `wait` does the work again here, so its error reaches the user as usual.
    """
    if multiprocessing.parent_process() is not None or threading.active_count() > 1:
        work()
        return lambda: None
    process = multiprocessing.get_context("fork").Process(target=_quietly, args=(work,))
    process.start()

    def wait() -> None:
        process.join()
        if process.exitcode != 0:
            work()

    return wait


def _quietly(work: Callable[[], None]) -> None:
    """The second process: a failure only sets its exit code, never prints a traceback."""
    try:
        work()
    except BaseException:
        os._exit(1)
