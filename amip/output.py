"""Write output files atomically and never into a data set: a temporary file in the target folder, renamed into place."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from amip.errors import TargetError
from amip.load import MAIN_FILE
from amip.load.files import OUTPUT_DIR
from amip.stamp import CACHE_DIR


def refuse_inside_data_set(target: Path, data_dir: Path | None = None, example: str | None = None) -> None:
    """Refuse a target, or the cache beside it, inside `data_dir` or any other data set, except in its folder output/.

    A data set is a folder with a programm.yaml. Paths count as they resolve, links included: neither
    `-o data/x/programm.yaml` nor a link to it nor a link named .amip-cache reaches a data set's files.
    The message suggests `output/EXAMPLE` (default: the target's name).
    """
    for path in (target, target.parent / CACHE_DIR):
        resolved = path.resolve()
        for folder in [resolved, *resolved.parents]:
            if _is_data_set(folder, data_dir) and resolved.relative_to(folder).parts[:1] != (OUTPUT_DIR,):
                suggestion = Path(OUTPUT_DIR, example or target.name)
                if suggestion.resolve().is_relative_to(folder):
                    suggestion = folder / suggestion
                raise TargetError(f"{target}: das Ziel liegt im Datensatz {_shown(folder)} und könnte dessen Dateien "
                                  f"überschreiben; amip schreibt in einen Datensatz nur in dessen Ordner {OUTPUT_DIR}/. "
                                  f"Bitte ein Ziel außerhalb wählen, z. B. {_shown(suggestion)}")


def _is_data_set(folder: Path, data_dir: Path | None) -> bool:
    return os.path.lexists(folder / MAIN_FILE) or (data_dir is not None and folder == data_dir.resolve())


def _shown(path: Path) -> str:
    """A path as the user would write it: relative to the working directory if below it."""
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


@contextmanager
def atomic_file(target: Path) -> Iterator[BinaryIO]:
    """A stream whose content replaces `target` only if the block completes; otherwise `target` stays as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _remove_orphans(target: Path) -> None:
    """Delete temporary files for `target` left by builds that were killed (their process no longer runs)."""
    for path in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = path.name[len(target.name) + 2:].split(".")[0]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, under another user
        pass
    return True


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
