"""Build stamps: a build whose inputs and PDF did not change since the last one is skipped."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from amip import PACKAGE_DIR, TEMPLATE_DIR, __version__
from amip.load.files import MAX_RESOURCE_BYTES, OUTPUT_DIR

CACHE_DIR = ".amip-cache"
"""Folder beside the PDF where drawn charts and build stamps are kept between builds."""


@dataclass(frozen=True)
class Stamp:
    """What the last successful build of one PDF read and wrote, and the warnings it printed."""

    inputs: str
    pdf: str
    warnings: list[str]


def stamp_file(target: Path) -> Path:
    return target.parent / CACHE_DIR / f"{target.name}.json"


def input_digest(data_dir: Path, options: str, previous: Path | None = None) -> str:
    """A digest of the data set's files, amip's code and templates, amip's version and the build options.

    With a change appendix, every file of the earlier version `previous` counts as well. Every file of
    the data set counts, read or not (which ones a build reads is known only once it has read them),
    except its output folder; a file larger than any amip reads counts by size and time of change.
    """
    digest = hashlib.sha256(f"{__version__}\0{options}".encode())
    folders = [(base.name, base) for base in dict.fromkeys([data_dir, PACKAGE_DIR, TEMPLATE_DIR])]
    if previous is not None:  # by a fixed name: a git revision lands in a new temporary folder each time
        folders.append(("aenderungen", previous))
    for name, base in folders:
        for path, relative in _entries(base):
            digest.update(f"\0{name}/{relative}\0{_fingerprint(path)}".encode())
    return digest.hexdigest()


def _entries(base: Path) -> Iterator[tuple[Path, str]]:
    """Every file and folder below `base` with its relative path; hidden ones, caches and the output folder left out."""
    for folder, folders, files in os.walk(base):
        at_top = folder == str(base)
        folders[:] = sorted(name for name in folders if not (_skipped(name) or at_top and name == OUTPUT_DIR))
        for name in sorted([*folders, *(name for name in files if not _skipped(name))]):
            path = Path(folder, name)
            yield path, path.relative_to(base).as_posix()


def _skipped(name: str) -> bool:
    return name.startswith(".") or name == "__pycache__"


def _fingerprint(path: Path) -> str:
    """What matters of one entry: a link's target (never followed), a file's content, else its kind.

    A file larger than any amip reads counts by its size and time of change, so it is never read whole.
    """
    status = path.lstat()
    if stat.S_ISLNK(status.st_mode):
        return f"-> {os.readlink(path)}"
    if not stat.S_ISREG(status.st_mode):
        return f"{stat.S_IFMT(status.st_mode):o}"
    if status.st_size > MAX_RESOURCE_BYTES:
        return f"{status.st_size} {status.st_mtime_ns}"
    return file_digest(path)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def up_to_date(target: Path, inputs: str) -> Stamp | None:
    """The stamp of `target` if the PDF is there, unchanged, and was built from exactly these inputs."""
    try:
        data = json.loads(stamp_file(target).read_text(encoding="utf-8"))
        stamp = Stamp(data["eingaben"], data["pdf"], list(data["warnungen"]))
        current = file_digest(target)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return stamp if stamp.inputs == inputs and stamp.pdf == current else None


def write_stamp(target: Path, inputs: str, warnings: list[str]) -> None:
    """Remember a successful build of `target`."""
    from amip.output import atomic_file

    content = {"eingaben": inputs, "pdf": file_digest(target), "warnungen": warnings}
    with atomic_file(stamp_file(target)) as stream:
        stream.write(json.dumps(content, ensure_ascii=False, indent=1).encode())
