"""Plausibility checks: data that is valid but probably wrong, reported as warnings (errors with --strikt)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from amip.derive import ChartFigures, Figures, Notice
from amip.model import ChangeTable, ChartUnit, Diagrammart, Program

SHARE_TOLERANCE = Decimal(1)
"""How far the shares of a pie may miss 100 % (rounded shares, people counted twice)."""


def plausibility_notices(program: Program, figures: Figures) -> list[Notice]:
    """Every warning about dates, budgets, table months and shares that do not fit the program."""
    return [*_stand(program), *_budget(program), *_table_months(program), *_pie_shares(figures)]


def _stand(program: Program) -> Iterator[Notice]:
    if program.stand.year not in (program.previous_year, program.year):
        yield (("stand",), f"der Stand {program.stand.isoformat()} passt nicht zum Planjahr {program.year}; "
                          f"erwartet ein Datum in {program.previous_year} oder {program.year}")


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
