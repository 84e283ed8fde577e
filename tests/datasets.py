"""Data sets for tests: edits to a copy (replace, append, write a YAML file) and the corpus of bad inputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "bad_inputs"
KLEIN = TESTS / "fixtures" / "klein"


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace `old`, which must occur, by `new` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def append_to(path: Path, text: str) -> None:
    """Add `text` at the end of a text file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def write_yaml(path: Path, content: dict[str, Any]) -> None:
    """Write `content` as a YAML file, keys in the given order."""
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def change_table(*rows: str) -> str:
    """tabellen.yaml with one change table `elb` for June 2023 holding `rows`, each a flow mapping."""
    return ("elb:\n  art: veraenderung\n  titel: ELB\n  oberzeile: ELB\n  bloecke:\n    - berichtsmonat: 2023-06-01\n"
            "      zeilen:\n" + "".join(f"        - {row}\n" for row in rows))


def corpus_case(case: Path, target: Path) -> tuple[Path, dict[str, Any]]:
    """klein copied to `target` with the case's files laid over it, its removals applied and its files made."""
    spec = yaml.safe_load((case / "fall.yaml").read_text(encoding="utf-8"))
    shutil.copytree(KLEIN, target)
    for path in sorted(case.rglob("*")):
        destination = target / path.relative_to(case)
        if path.is_dir() and not path.is_symlink():
            destination.mkdir(exist_ok=True)
        elif path.name != "fall.yaml":
            destination.unlink(missing_ok=True)
            if path.is_symlink():
                destination.symlink_to(path.readlink())
            else:
                shutil.copyfile(path, destination)
    for name in spec.get("entfernen", []):
        (target / name).unlink()
    for made in spec.get("erzeugen", []):
        _generate(target, made)
    return target, spec


def _generate(root: Path, made: dict[str, Any]) -> None:
    """A file too big (or too special) for git, made as the case describes: `datei`, `groesse`, `anzahl`, `art`.

    `art: leer` makes a sparse file of `groesse` bytes, `art: text` repeats `inhalt`, `art: fifo` a named pipe;
    with `anzahl`, `{n}` in the name counts from 1.
    """
    for number in range(1, made.get("anzahl", 1) + 1):
        path = root / made["datei"].format(n=number)
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = made.get("art", "leer")
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "text":
            unit = made["inhalt"].encode("utf-8")
            path.write_bytes(unit * (made["groesse"] // len(unit)))
        else:
            with path.open("wb") as stream:
                stream.truncate(made["groesse"])
