"""Each chart's categories and series, taken from its own values, a table or the EGL plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from amip.derive.haushalt import EglPlanFigures
from amip.derive.tabellen import ChangeRowFigures, ChangeTableFigures, TableFigures
from amip.model.diagramme import Diagramm, Diagrammart


@dataclass(frozen=True)
class Series:
    """One series of a chart with its values in category order."""

    name: str
    values: list[Decimal]

    @property
    def change(self) -> Decimal | None:
        """Last value minus the one before (for time series)."""
        return self.values[-1] - self.values[-2] if len(self.values) > 1 else None


@dataclass(frozen=True)
class ChartFigures:
    """A chart's spec with its data resolved: categories and series in the order they are drawn."""

    name: str
    spec: Diagramm
    categories: list[str]
    series: list[Series]


QUANTITIES: dict[str, Callable[[ChangeRowFigures], Any]] = {
    "wert": lambda row: row.spec.value, "veraenderung": lambda row: row.spec.change, "anteil": lambda row: row.share}
"""What a chart takes from a row of a change table, by the `groesse` it names."""


def derive_chart(name: str, spec: Diagramm, tables: dict[str, TableFigures],
                 egl_plan: EglPlanFigures | None) -> ChartFigures:
    """Take the chart's data from its own series, a table or the budget; sort horizontal bars by value."""
    if spec.from_table:
        source = spec.from_table
        table = tables[source.table]
        assert isinstance(table, ChangeTableFigures)
        block = next(block for block in table.blocks if block.month == source.month)
        rows = {row.spec.label: row for row in block.rows}
        categories = list(source.rows)
        series = [Series(table.title, [QUANTITIES[source.quantity](rows[label]) for label in categories])]
    elif spec.from_budget:
        assert egl_plan is not None
        categories = [line.spec.label for line in egl_plan.lines]
        series = [Series("Geplante Mittel", [line.spec.amount for line in egl_plan.lines])]
    else:
        categories = list(spec.categories or [])
        series = [Series(reihe.name, list(reihe.values)) for reihe in spec.series or []]
    if spec.kind is Diagrammart.balken:
        order = sorted(range(len(categories)), key=lambda index: -series[0].values[index])
        categories = [categories[index] for index in order]
        series = [Series(s.name, [s.values[index] for index in order]) for s in series]
    return ChartFigures(name, spec, categories, series)
