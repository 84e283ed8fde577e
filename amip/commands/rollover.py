"""`amip rollover`: next year's data set from this one; old plan values become the Vorjahr, new ones are open."""

from __future__ import annotations

import datetime
import functools
import io
import logging
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

from amip.commands.validate import Checked, check
from amip.errors import AmipError
from amip.load import MAIN_FILE, yaml_files
from amip.load.files import OUTPUT_DIR
from amip.load.outline import raw_parts
from amip.load.parse import PLACEHOLDER_TAG
from amip.model.types import Zeitraum
from amip.output import refuse_inside_data_set

HISTORY_KEYS = {"ebene", "toleranz", "laufzeit_von", "laufzeit_bis", "beginn"}
"""Numbers and dates that describe structure or the past; they stay as they are."""

STATED_KEYS = {"summen"}
"""Year mappings of stated totals: kept for the years still shown, never guessed for new ones."""

YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
LOGGER = logging.getLogger("amip")


@dataclass(frozen=True)
class Shift:
    """From the old period to the new one: how many years forward, and which years the new data set shows."""

    old: Zeitraum
    new: Zeitraum

    @property
    def years(self) -> int:
        return self.new.first - self.old.first

    def shown(self, year: int) -> bool:
        """Whether the new data set still shows `year` (the new Vorjahr or later)."""
        return year >= self.new.previous_year

    def mentions_old_years(self, text: str) -> bool:
        """Whether a text names a year of the old program (its Vorjahr or period), so it needs a look."""
        return any(self.old.previous_year <= int(year) <= self.old.last for year in YEAR.findall(text))


def rollover(source: Path, period: Zeitraum, target: Path | None, today: datetime.date) -> tuple[Path, Checked]:
    """Write the data set for `period` started from `source` (to `target` or beside it); `source` is only read."""
    old = check(source).program.period
    target = target or default_target(source, period, old)
    shift = Shift(old, period)
    if shift.years <= 0:
        raise AmipError(f"{period} liegt nicht nach dem Zeitraum des Datensatzes ({old}); "
                        "rollover beginnt ein späteres Programm")
    if target.exists():
        raise AmipError(f"{target} gibt es schon; amip überschreibt keinen Datensatz. Bitte mit -o ein neues "
                        "Verzeichnis angeben oder das vorhandene umbenennen")
    refuse_inside_data_set(target, source)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}-", dir=target.parent) as staging:
        draft = Path(staging) / target.name
        shutil.copytree(source, draft, symlinks=True, ignore=functools.partial(_not_copied, source))
        yaml = round_trip_yaml()
        for path in yaml_files(draft):
            data = yaml.load(path)
            if path.name == MAIN_FILE:
                _roll_main(data, shift, today)
            else:
                _roll(data, shift)
            with path.open("w", encoding="utf-8") as stream:
                yaml.dump(data, stream)
        checked = check(draft)
        draft.rename(target)
    return target, checked


def _not_copied(source: Path, folder: str, names: list[str]) -> set[str]:
    """What the new data set does not take over: the output folder, and pipes or devices (no data set file is one)."""
    skipped = {OUTPUT_DIR} if Path(folder) == source else set()
    for name in names:
        mode = os.lstat(Path(folder, name)).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
            LOGGER.warning("%s: keine gewöhnliche Datei (Pipe oder Gerät), nicht übernommen",
                           Path(folder, name).relative_to(source))
            skipped.add(name)
    return skipped


def round_trip_yaml() -> YAML:
    """A YAML reader and writer that keeps comments, order, quotes and the indentation amip's examples use."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.brace_single_entry_mapping_in_flow_sequence = True
    return yaml


def default_target(source: Path, period: Zeitraum, old: Zeitraum) -> Path:
    """`elbe-elster-2018` beside `elbe-elster-2017`; `musterland-2027-2028` beside `musterland-2025-2026`."""
    name = source.resolve().name
    old_name, new_name = (f"{p.first}" if p.first == p.last else f"{p.first}-{p.last}" for p in (old, period))
    renamed = name.replace(old_name, new_name) if old_name in name else f"{name}-{new_name}"
    return source.resolve().parent / renamed


def open_value(value: Any) -> TaggedScalar:
    """`value` marked as an open placeholder, written as it was (`7412880.00` stays `7412880.00`)."""
    if isinstance(value, TaggedScalar):
        return value
    if isinstance(value, str):
        return TaggedScalar(str(value), style='"', tag=PLACEHOLDER_TAG)
    stream = io.StringIO()
    _scalar_writer().dump(value, stream)
    return TaggedScalar(stream.getvalue().splitlines()[0], tag=PLACEHOLDER_TAG)


@functools.cache
def _scalar_writer() -> YAML:
    """One writer for all the numbers and dates `open_value` marks (making one per value is slow)."""
    return round_trip_yaml()


def _roll_main(data: CommentedMap, shift: Shift, today: datetime.date) -> None:
    """programm.yaml: the new period, Stand today, a draft again; the signing date is open."""
    data["jahr"] = shift.new.first if shift.new.first == shift.new.last else str(shift.new)
    data["stand"] = today
    data["status"] = "entwurf"
    data.pop("beschluss", None)
    signature = data.get("unterzeichnung")
    if isinstance(signature, CommentedMap) and isinstance(signature.get("datum"), datetime.date):
        signature["datum"] = open_value(_later(signature["datum"], shift.years))
    for _, _, part in raw_parts(data):
        if isinstance(part.get("titel"), str) and shift.mentions_old_years(part["titel"]):
            part["titel"] = open_value(part["titel"])


def _roll(node: Any, shift: Shift, key: Any = None, stated: bool = False) -> Any:
    """The new year's version of a value from a figures file (haushalt, ziele, diagramme, tabellen …)."""
    stated = stated or key in STATED_KEYS
    if isinstance(node, CommentedMap):
        if node and all(_is_year(year) for year in node):
            _roll_years(node, shift, stated)
        elif _year_categories(node):
            _roll_series(node, shift)
        else:
            carried = _carry_plan_to_previous_year(node)
            for name in [name for name in node if name not in carried]:
                node[name] = _roll(node[name], shift, name, stated)
                if (stated or name in STATED_KEYS) and node[name] == {}:
                    del node[name]
        return node
    if isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            node[index] = _roll(item, shift, key, stated)
        return node
    return _roll_leaf(node, shift, key)


def _carry_plan_to_previous_year(node: CommentedMap) -> set[str]:
    """`ziel_planjahr: 24` gives `ziel_vorjahr: 24` where both are given; returns the keys so carried."""
    carried = set()
    for name in list(node):
        previous = str(name).removesuffix("_planjahr") + "_vorjahr"
        if str(name).endswith("_planjahr") and previous in node:
            node[previous] = node[name]
            carried.add(previous)
    return carried


def _roll_leaf(value: Any, shift: Shift, key: Any) -> Any:
    if key == "status":
        return "vorlaeufig"
    if key in HISTORY_KEYS or isinstance(value, (bool, TaggedScalar)) or value is None:
        return value
    if key == "jahr" and _is_year(value):
        return value + shift.years
    if isinstance(value, (int, float)):
        return open_value(value)
    if isinstance(value, datetime.date):
        return open_value(_later(value, shift.years))
    if isinstance(value, str) and shift.mentions_old_years(value):
        return open_value(value)
    return value


def _roll_years(amounts: CommentedMap, shift: Shift, stated: bool) -> None:
    """`{2016: a, 2017: b}` → `{2017: b, 2018: !offen b}`: the old plan year becomes the Vorjahr."""
    latest = amounts[max(amounts)]
    for year in [year for year in amounts if not shift.shown(year)]:
        del amounts[year]
    if stated:
        return
    for year in range(shift.new.previous_year, shift.new.last + 1):
        if year not in amounts:
            amounts[year] = open_value(latest)


def _year_categories(chart: CommentedMap) -> bool:
    """A chart over consecutive years (`kategorien: ["2010", …, "2016"]`) whose values are given in `reihen`."""
    categories = chart.get("kategorien")
    if not isinstance(categories, list) or len(categories) < 2 or "reihen" not in chart:
        return False
    texts = [str(category) for category in categories]
    if not all(len(text) == 4 and text.isdigit() for text in texts):
        return False
    return [int(text) for text in texts] == list(range(int(texts[0]), int(texts[0]) + len(texts)))


def _roll_series(chart: CommentedMap, shift: Shift) -> None:
    """A time series moves on by the shift: the oldest years drop out, the new ones are open."""
    categories = chart["kategorien"]
    steps = min(shift.years, len(categories))
    last = int(categories[-1])
    del categories[:steps]
    categories.extend(type(categories[-1])(str(last + step)) for step in range(1, steps + 1))
    for series in chart["reihen"]:
        values = series["werte"]
        latest = values[-1]
        del values[:steps]
        values.extend(open_value(latest) for _ in range(steps))
    for name in list(chart):
        if name not in ("kategorien", "reihen"):
            chart[name] = _roll(chart[name], shift, name)


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100


def _later(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
