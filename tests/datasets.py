"""Edits tests make to a copy of a data set: replace, append, write a YAML file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


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
