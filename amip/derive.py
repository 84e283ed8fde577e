"""Compute every total, change and share the program shows from the numbers typed once."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from amip.load import Location
from amip.model import (Bereich, ChangeTable, Diagramm, Diagrammart, Haushalt, Personnel, ProfileTable, Program,
                        Zeichen)

HUNDRED = Decimal(100)
TOTAL_LABELS = {Bereich.VK: "VKB gesamt", Bereich.EGL: "EGL gesamt"}
GRAND_TOTAL_LABEL = "Gesamtbudget"

Notice = tuple[Location, str]
Cell = Decimal | Zeichen
"""A derived figure: a number, or the BA symbol that stands for it."""
Number = TypeVar("Number", int, Decimal)
SYMBOL_PRECEDENCE = (Zeichen.anonymisiert, Zeichen.unbekannt, Zeichen.nicht_sinnvoll)
"""Which symbol a sum takes when its parts hold several: anonymised before unknown before not meaningful."""


def _first_symbol(*cells: object) -> Zeichen | None:
    return next((cell for cell in cells if isinstance(cell, Zeichen)), None)


def cell_sum(cells: Sequence[Number | Zeichen]) -> Number | Zeichen:
    """Sum of table cells: "-" (nothing) counts as zero, any other symbol makes the sum that symbol."""
    symbols = {cell for cell in cells if isinstance(cell, Zeichen)}
    for symbol in SYMBOL_PRECEDENCE:
        if symbol in symbols:
            return symbol
    numbers = [cell for cell in cells if not isinstance(cell, Zeichen)]
    if cells and not numbers:
        return Zeichen.nichts
    return sum(numbers, 0)  # type: ignore[return-value]


def difference(minuend: Cell, subtrahend: Cell) -> Cell:
    """`minuend - subtrahend`; a symbol in either makes the result that symbol."""
    symbol = _first_symbol(minuend, subtrahend)
    return symbol if symbol else minuend - subtrahend  # type: ignore[operator]


def change_percent(previous: Cell, current: Cell) -> Cell:
    """Change from `previous` to `current` in percent of `previous`; "x" (not meaningful) without a base."""
    symbol = _first_symbol(previous, current)
    if symbol:
        return symbol
    if previous == 0:
        return Zeichen.nicht_sinnvoll
    return (current - previous) / previous * HUNDRED  # type: ignore[operator]


def share(part: Cell | int, whole: Cell | int) -> Cell:
    """`part` in percent of `whole`; "x" (not meaningful) if the whole is zero."""
    symbol = _first_symbol(part, whole)
    if symbol:
        return symbol
    if whole == 0:
        return Zeichen.nicht_sinnvoll
    return Decimal(part) / Decimal(whole) * HUNDRED  # type: ignore[arg-type]


def symbols_in(*cells: object) -> list[Zeichen]:
    """The BA symbols among `cells`, each once, in the order of the legend."""
    found = set(cells)
    return [symbol for symbol in Zeichen if symbol in found]


# --- Haushalt -----------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    """A row of the budget overview: a position, an area total or the Gesamtbudget."""

    label: str
    previous: Decimal
    current: Decimal
    is_total: bool = False

    @property
    def change(self) -> Decimal:
        return self.current - self.previous

    @property
    def change_percent(self) -> Cell:
        return change_percent(self.previous, self.current)


def _total_row(label: str, rows: list[BudgetRow]) -> BudgetRow:
    return BudgetRow(label, sum((row.previous for row in rows), Decimal(0)),
                     sum((row.current for row in rows), Decimal(0)), is_total=True)


@dataclass(frozen=True)
class BudgetOverview:
    """The budget table: positions of each area, the area totals and the Gesamtbudget."""

    title: str | None
    previous_year: int
    year: int
    plan_label: str
    rows: list[BudgetRow]
    area_totals: dict[Bereich, BudgetRow]
    grand_total: BudgetRow

    @property
    def symbols(self) -> list[Zeichen]:
        """BA symbols in the table's totals ("x" where an area had no budget the year before)."""
        return symbols_in(*(row.change_percent for row in self.rows if row.is_total))

    def planned(self, area: Bereich) -> Decimal:
        """The program year's total of one area; zero where the budget has no such positions."""
        row = self.area_totals.get(area)
        return row.current if row else Decimal(0)


def derive_budget(haushalt: Haushalt, year: int) -> BudgetOverview:
    """Positions grouped by area, each area followed by its total, then the Gesamtbudget."""
    previous_year = year - 1
    rows: list[BudgetRow] = []
    area_totals: dict[Bereich, BudgetRow] = {}
    for area in dict.fromkeys(position.area for position in haushalt.positions):
        positions = [BudgetRow(p.label, p.amounts[previous_year], p.amounts[year])
                     for p in haushalt.positions if p.area is area]
        area_totals[area] = _total_row(TOTAL_LABELS[area], positions)
        rows += [*positions, area_totals[area]]
    grand_total = _total_row(GRAND_TOTAL_LABEL, list(area_totals.values()))
    return BudgetOverview(haushalt.title, previous_year, year, haushalt.plan_label, [*rows, grand_total],
                          area_totals, grand_total)


@dataclass(frozen=True)
class PersonnelFigures:
    """Staff capacity and its split between Bundesagentur and kommunaler Träger."""

    capacities: Decimal
    share_ba: Decimal
    share_kommune: Decimal


def derive_personnel(personnel: Personnel) -> PersonnelFigures:
    return PersonnelFigures(personnel.capacities, personnel.share_ba, HUNDRED - personnel.share_ba)


@dataclass(frozen=True)
class InstrumentShare:
    """Planned amount of an instrument or a group of instruments and its share of the plan."""

    label: str
    amount: Decimal
    share: Cell


@dataclass(frozen=True)
class InstrumentPlan:
    """The Eingliederungsleistungen planned by instrument, with shares and group totals."""

    instruments: list[InstrumentShare]
    groups: dict[str, InstrumentShare]
    total: Decimal


def derive_instruments(haushalt: Haushalt, budget: BudgetOverview) -> tuple[InstrumentPlan, list[Notice]]:
    """Shares of the plan; a notice when the plan's total differs from the EGL budget of the year."""
    total = sum((instrument.amount for instrument in haushalt.instruments), Decimal(0))
    instruments = [InstrumentShare(i.label, i.amount, share(i.amount, total)) for i in haushalt.instruments]
    groups: dict[str, InstrumentShare] = {}
    for group in dict.fromkeys(i.group for i in haushalt.instruments if i.group):
        amount = sum((i.amount for i in haushalt.instruments if i.group == group), Decimal(0))
        groups[group] = InstrumentShare(group, amount, share(amount, total))
    notices: list[Notice] = []
    egl = budget.planned(Bereich.EGL)
    if total != egl:
        notices.append((("haushalt", "instrumente"),
                        f"die Instrumente ergeben zusammen {total} €, das EGL-Budget {budget.year} beträgt {egl} €"))
    return InstrumentPlan(instruments, groups, total), notices


# --- Veränderungstabellen -----------------------------------------------------------


@dataclass(frozen=True)
class ChangeRowFigures:
    """A row with value, absolute and relative change, and share of the block's base row."""

    id: str | None
    label: str
    level: int
    is_base: bool
    value: Cell
    change: Cell
    change_percent: Cell
    share: Cell | None


@dataclass(frozen=True)
class ChangeBlockFigures:
    month: datetime.date
    rows: list[ChangeRowFigures]


@dataclass(frozen=True)
class ChangeTableFigures:
    """A table of values with their change to the previous year, block by reporting month."""

    title: str
    hint: str | None
    header_row: str
    source: str | None
    blocks: list[ChangeBlockFigures]

    @property
    def months(self) -> list[datetime.date]:
        return [block.month for block in self.blocks]

    @property
    def symbols(self) -> list[Zeichen]:
        """BA symbols in the table's cells, given or derived, for the legend."""
        return symbols_in(*(cell for block in self.blocks for row in block.rows
                            for cell in (row.value, row.change, row.change_percent, row.share)))

    @property
    def rows_by_id(self) -> dict[str, ChangeRowFigures]:
        return {row.id: row for block in self.blocks for row in block.rows if row.id}


def derive_change_table(table: ChangeTable) -> ChangeTableFigures:
    """Change in % against the previous year's value; shares relative to the last base row above."""
    blocks = []
    for block in table.blocks:
        base: Cell | None = None
        rows = []
        for row in block.rows:
            if row.is_base:
                base = row.value
            rows.append(ChangeRowFigures(
                row.id, row.label, row.level, row.is_base, row.value, row.change,
                change_percent(difference(row.value, row.change), row.value),
                share(row.value, base) if base is not None else None))
        blocks.append(ChangeBlockFigures(block.month, rows))
    return ChangeTableFigures(table.title, table.hint, table.header_row, table.source, blocks)


# --- Profillagen ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileRow:
    """A row of the Profillagen table: the grand total, a group or a single Profillage."""

    label: str
    kind: str
    total: int | Zeichen
    values: list[int | Zeichen]
    share: Cell | None = None


@dataclass(frozen=True)
class ProfileTableFigures:
    title: str
    source: str | None
    age_groups: list[str]
    rows: list[ProfileRow]

    @property
    def symbols(self) -> list[Zeichen]:
        """BA symbols in the table's cells, given or derived, for the legend."""
        return symbols_in(*(cell for row in self.rows for cell in (row.total, row.share, *row.values)))


def derive_profile_table(table: ProfileTable, location: Location) -> tuple[ProfileTableFigures, list[Notice]]:
    """Row totals, group rows, the grand total and every share of the grand total."""
    notices: list[Notice] = []

    def stated(computed: int | Zeichen, given: int | None, where: Location, what: str) -> int | Zeichen:
        if given is None:
            return computed
        if isinstance(computed, int) and abs(given - computed) > table.tolerance:
            notices.append((where, f"{what}: angegeben {given}, berechnet {computed} "
                                   f"(Abweichung größer als die Toleranz {table.tolerance})"))
        return given

    group_rows: list[tuple[ProfileRow, list[ProfileRow]]] = []
    for group_index, group in enumerate(table.groups):
        profiles = [ProfileRow(f"{p.kuerzel} {p.label}", "profil",
                               stated(cell_sum(p.values), p.stated_total,
                                      location + ("gruppen", group_index, "profile", index, "summe"),
                                      f"Summe der Profillage {p.kuerzel}"), p.values)
                    for index, p in enumerate(group.profiles)]
        group_rows.append((ProfileRow(group.label, "gruppe", cell_sum([p.total for p in profiles]),
                                      _column_sums([p.values for p in profiles])), profiles))
    computed_ages = _column_sums([group.values for group, _ in group_rows])
    stated_ages = table.stated_age_totals or [None] * len(computed_ages)
    ages = [stated(computed, given, location + ("summen_altersgruppen", index), f"Summe „{table.age_groups[index]}“")
            for index, (computed, given) in enumerate(zip(computed_ages, stated_ages))]
    grand = cell_sum([group.total for group, _ in group_rows])
    rows = [ProfileRow(table.total_label, "gesamt", grand, ages)]
    for group, profiles in group_rows:
        rows += [_with_share(row, grand) for row in [group, *profiles]]
    return ProfileTableFigures(table.title, table.source, table.age_groups, rows), notices


def _column_sums(rows: list[list[int | Zeichen]]) -> list[int | Zeichen]:
    return [cell_sum(column) for column in zip(*rows)]


def _with_share(row: ProfileRow, grand: int | Zeichen) -> ProfileRow:
    return ProfileRow(row.label, row.kind, row.total, row.values, share(row.total, grand))


# --- Diagramme --------------------------------------------------------------------------


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


def derive_chart(name: str, spec: Diagramm, tables: dict[str, ChangeTableFigures | ProfileTableFigures],
                 instruments: InstrumentPlan | None) -> ChartFigures:
    """Take the chart's data from its own series, a table or the budget; sort horizontal bars by value."""
    if spec.from_table:
        source = spec.from_table
        table = tables[source.table]
        assert isinstance(table, ChangeTableFigures)
        block = next(block for block in table.blocks if block.month == source.month)
        rows = {row.label: row for row in block.rows}
        quantity = {"wert": "value", "veraenderung": "change", "anteil": "share"}[source.quantity]
        categories = list(source.rows)
        series = [Series(table.title, [getattr(rows[label], quantity) for label in categories])]
    elif spec.from_budget:
        assert instruments is not None
        categories = [i.label for i in instruments.instruments]
        series = [Series("Geplante Mittel", [i.amount for i in instruments.instruments])]
    else:
        categories = list(spec.categories or [])
        series = [Series(reihe.name, list(reihe.values)) for reihe in spec.series or []]
    if spec.kind is Diagrammart.balken:
        order = sorted(range(len(categories)), key=lambda index: -series[0].values[index])
        categories = [categories[index] for index in order]
        series = [Series(s.name, [s.values[index] for index in order]) for s in series]
    return ChartFigures(name, spec, categories, series)


# --- Alles zusammen -----------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Everything derived from a program, computed before anything is rendered."""

    budget: BudgetOverview | None
    personnel: PersonnelFigures | None
    tables: dict[str, ChangeTableFigures | ProfileTableFigures]
    instruments: InstrumentPlan | None
    charts: dict[str, ChartFigures]
    notices: list[Notice]


def derive_figures(program: Program) -> Figures:
    """Derive all figures of the program; disagreements with stated values become notices."""
    notices: list[Notice] = []
    tables: dict[str, ChangeTableFigures | ProfileTableFigures] = {}
    for name, table in program.tables.items():
        if isinstance(table, ChangeTable):
            tables[name] = derive_change_table(table)
        else:
            tables[name], found = derive_profile_table(table, ("tabellen", name))
            notices += found
    haushalt = program.haushalt
    budget = derive_budget(haushalt, program.year) if haushalt else None
    instruments = None
    if haushalt and budget and haushalt.instruments:
        instruments, found = derive_instruments(haushalt, budget)
        notices += found
    return Figures(
        budget=budget,
        personnel=derive_personnel(haushalt.personnel) if haushalt and haushalt.personnel else None,
        tables=tables,
        instruments=instruments,
        charts={name: derive_chart(name, spec, tables, instruments) for name, spec in program.charts.items()},
        notices=notices,
    )
