"""Build stamps: a build whose inputs and PDF did not change since the last one is skipped."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from amip import PACKAGE_DIR, TEMPLATE_DIR, __version__

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
    """A digest of every file of the data set, amip's code and templates, amip's version and the build options.

    With a change appendix, every file of the earlier version `previous` counts as well.
    """
    digest = hashlib.sha256(f"{__version__}\0{options}".encode())
    folders = [(base.name, base) for base in dict.fromkeys([data_dir, PACKAGE_DIR, TEMPLATE_DIR])]
    if previous is not None:  # by a fixed name: a git revision lands in a new temporary folder each time
        folders.append(("aenderungen", previous))
    for name, base in folders:
        for chunk in _contents(base, name):
            digest.update(chunk)
    return digest.hexdigest()


def _contents(base: Path, name: str) -> Iterator[bytes]:
    """Path and bytes of every file below `base` (not hidden, no caches), each path written as `name/…`."""
    for path in sorted(base.rglob("*")):
        parts = path.relative_to(base).parts
        if any(part.startswith(".") or part == "__pycache__" for part in parts):
            continue
        yield f"\0{name}/{'/'.join(parts)}\0".encode()
        if path.is_symlink():  # never followed: the loader refuses links, the digest only notes them
            yield f"-> {path.readlink()}".encode()
        elif path.is_file():
            yield path.read_bytes()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
