"""Plausibility checks: data that is valid but probably wrong, reported as warnings (errors with --strikt)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from amip.derive import Figures
from amip.derive.cells import Notice
from amip.derive.diagramme import ChartFigures
from amip.errors import Location, Position, Problem
from amip.filters import angabe, round_commercial
from amip.load import leaves
from amip.load.parse import ThreeDecimals
from amip.model.diagramme import ChartUnit, Diagrammart
from amip.model.programm import Program
from amip.model.tabellen import ChangeTable

SHARE_TOLERANCE = Decimal(1)
"""How far the shares of a pie may miss 100 % (rounded shares, people counted twice)."""


def plausibility_notices(program: Program, figures: Figures) -> list[Notice]:
    """Every warning about dates, budgets, table months and shares that do not fit the program."""
    return [*_stand(program), *_budget(program), *_table_months(program), *_pie_shares(figures)]


def three_decimal_notices(value: Any, location: Location = ()) -> Iterator[Notice]:
    """Numbers written like `7.412` that a field took as they are (an Eckwert, a percentage, VZÄ): meant is
    7,412, or 7412 written with a thousands dot by habit? Counts and amounts refuse them already."""
    for place, leaf in leaves(value, location):
        if isinstance(leaf, ThreeDecimals):
            decimal = leaf.written.replace(".", ",")
            yield place, (f"„{leaf.written}“ liest YAML als {decimal}; ist {leaf.without_dot} gemeint, bitte ohne "
                          f"Tausenderpunkt schreiben: {leaf.without_dot}; ist {decimal} gemeint, mit einer Null "
                          f"mehr: {leaf.written}0")


def comma_notices(comma_joined: dict[Location, str]) -> Iterator[Notice]:
    """Two whole numbers a comma joins in a list, `[24,5]`: YAML reads 24 and 5, a clerk may have meant 24,5."""
    for location, written in comma_joined.items():
        whole, fraction = written.split(",")
        yield location, (f"„{written}“ liest YAML als zwei Zahlen, {whole} und {fraction}: das Komma trennt die Einträge "
                         f"einer Liste; ist {written} gemeint, bitte mit Dezimalpunkt schreiben: {whole}.{fraction}; "
                         f"sonst nach dem Komma ein Leerzeichen: {whole}, {fraction}")


def _stand(program: Program) -> Iterator[Notice]:
    if program.stand.year not in program.period.with_previous_year:
        period = f"Planjahr {program.year}" if len(program.years) == 1 else f"Zeitraum {program.period}"
        yield (("stand",), f"der Stand {program.stand.isoformat()} passt nicht zum {period}; "
                          f"erwartet ein Datum in {' oder '.join(map(str, program.period.with_previous_year))}")


def _budget(program: Program) -> Iterator[Notice]:
    for index, position in enumerate(program.haushalt.positions if program.haushalt else []):
        for year, amount in position.amounts.items():
            if amount < 0:
                yield (("haushalt", "positionen", index, "betraege", year),
                       f"negativer Betrag {amount} € für {year}; Budgets sind nicht negativ")


def _table_months(program: Program) -> Iterator[Notice]:
    for name, table in program.tables.items():
        if not isinstance(table, ChangeTable):
            continue
        for index, block in enumerate(table.blocks):
            if not program.year - 2 <= block.month.year <= program.year:
                yield (("tabellen", name, "bloecke", index, "berichtsmonat"),
                       f"Berichtsmonat {block.month.isoformat()} passt nicht zum Planjahr {program.year}; "
                       f"erwartet {program.year - 2} bis {program.year}")


def _pie_shares(figures: Figures) -> Iterator[Notice]:
    for name, chart in figures.charts.items():
        if _is_pie_of_shares(chart):
            total = sum(chart.series[0].values, Decimal(0))
            if abs(total - 100) > SHARE_TOLERANCE:
                yield (("diagramme", name), f"die Anteile ergeben zusammen {total} %, nicht 100 %")


def _is_pie_of_shares(chart: ChartFigures) -> bool:
    return chart.spec.kind in (Diagrammart.kreis, Diagrammart.ring) and chart.spec.unit is ChartUnit.prozent


# --- Zahlen im Text -------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
LITERAL = re.compile(r"(?<![\w.,§/-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\d.,]*\d)(\s*Mio\.)?")
NEAR = Decimal("0.02")
"""A typed number within 2 % of a data value, but not that value rounded, is probably an outdated copy."""
SKIPPED_KEYS = {"jahr", "vorjahr", "abbildungen", "jobcenter", "programme", "ziele"}


@dataclass(frozen=True)
class TypedNumber:
    """A number typed into a text: its value, the rounding it shows, and where it stands."""

    value: Decimal
    places: int
    line: int
    text: str


def prose_number_warnings(texts: dict[str, str], context: dict[str, Any]) -> list[Problem]:
    """Numbers typed into texts that are close to a value of the data but do not match it even rounded."""
    values = dict(_data_values(context))
    problems = []
    for name, source in texts.items():
        for literal in _literals(source):
            match = _contradicted(literal, values)
            if match:
                path, value = match
                problems.append(Problem(Position(name, literal.line), "",
                                        f"die Zahl {literal.text} im Text passt nicht zu {path} = "
                                        f"{angabe(value)}; "
                                        f"stimmt sie noch? Besser den Wert einsetzen: {{{{ {path} }}}}"))
    return problems


def _data_values(value: Any, path: str = "") -> Iterator[tuple[str, Decimal]]:
    """Every number of the text context with its dotted path (years, figure numbers and goals left out)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not (path == "" and key in SKIPPED_KEYS):
                yield from _data_values(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        yield path, Decimal(value)


def _literals(source: str) -> Iterator[TypedNumber]:
    """Numbers of at least 100, not years, written outside placeholders (German format, „Mio.“ counted)."""
    text = PLACEHOLDER.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), source)
    for match in LITERAL.finditer(text):
        whole, decimals, millions = match.groups()
        value = Decimal(whole.replace(".", "") + ("." + decimals if decimals else ""))
        places = len(decimals or "")
        if millions:
            value, places = value * 1_000_000, places - 6
        if value < 100 or (not decimals and "." not in whole and not millions and 1900 <= value <= 2100):
            continue
        yield TypedNumber(value, places, text.count("\n", 0, match.start()) + 1, match.group().strip())


def _contradicted(literal: TypedNumber, values: dict[str, Decimal]) -> tuple[str, Decimal] | None:
    """The data value the literal nearly equals, if no value matches it at the precision it shows."""
    coarsest = min(literal.places, -int(literal.value.normalize().as_tuple().exponent))  # 7.400 may mean hundreds
    precisions = range(literal.places, coarsest - 1, -1)
    if any(round_commercial(value, places) == literal.value for value in values.values() for places in precisions):
        return None
    near = [(abs(value - literal.value), path, value) for path, value in values.items()
            if value and abs(value - literal.value) <= NEAR * abs(value)]
    return min(near)[1:] if near else None
