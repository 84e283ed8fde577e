"""Compute every total, change and share the program shows from the numbers typed once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from amip.model.kennzahlen import kennzahl
from amip.errors import Location
from amip.model.messages import german_number
from amip.model.diagramme import Diagramm, Diagrammart
from amip.model.haushalt import (Bereich, EglGliederung, EglPlanung, Haushalt, Personnel, Planstatus, Umschichtungsrichtung, Verwaltungskosten, WeitereMittel)
from amip.model.programm import Program
from amip.model.tabellen import ChangeTable, ProfileTable
from amip.model.types import Zeichen, Zeitraum
from amip.model.ziele import Einheit, Richtung, Ziel, Zielart, Zielebene

HUNDRED = Decimal(100)
TOTAL_LABELS = {Bereich.VK: "VKB gesamt", Bereich.EGL: "EGL gesamt"}
TOTAL_KEYS = {Bereich.VK: "vkb_gesamt", Bereich.EGL: "egl_gesamt"}
CENT = Decimal("0.01")
GRAND_TOTAL_LABEL = "Gesamtbudget"

Notice = tuple[Location, str]
Cell = Decimal | Zeichen
"""A derived figure: a number, or the BA symbol that stands for it."""
Number = TypeVar("Number", int, Decimal)
Stated = TypeVar("Stated", int, Decimal, int | Zeichen)
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


def stated(computed: Stated, given: Stated | None, tolerance: Decimal | int, where: Location, what: str,
           notices: list[Notice]) -> Stated:
    """A figure the source states wins over the computed one; a notice if they differ by more than `tolerance`."""
    if given is None:
        return computed
    if not isinstance(computed, Zeichen) and abs(given - computed) > tolerance:  # type: ignore[operator]
        notices.append((where, f"{what}: angegeben {german_number(given)}, berechnet {german_number(computed)} "
                               f"(Abweichung größer als die Toleranz {german_number(tolerance)})"))
    return given


def _decimals(amounts: Iterable[Decimal]) -> int:
    """Decimal places a money table shows: 2 if any amount has cents, else 0."""
    return 2 if any(amount != amount.to_integral_value() for amount in amounts) else 0


@dataclass(frozen=True)
class BudgetRow:
    """A row of the budget overview: a position, an area total, the Gesamtbudget or an Umschichtung."""

    label: str
    amounts: dict[int, Decimal]
    is_total: bool = False

    def change(self, before: int, after: int) -> Decimal | None:
        """Amount in `after` minus amount in `before`; None where a year has no amount."""
        if before not in self.amounts or after not in self.amounts:
            return None
        return self.amounts[after] - self.amounts[before]

    def change_percent(self, before: int, after: int) -> Cell | None:
        if before not in self.amounts or after not in self.amounts:
            return None
        return change_percent(self.amounts[before], self.amounts[after])


@dataclass(frozen=True)
class Transfer:
    """An Umschichtung in one year: amount from EGL to VK (negative: from VK to EGL) and share of the EGL title."""

    year: int
    egl_to_vk: Decimal
    share: Cell


@dataclass(frozen=True)
class BudgetOverview:
    """The budget table: positions of each area, area totals and Gesamtbudget per year, and Umschichtungen."""

    title: str | None
    years: list[int]
    plan_label: str
    rows: list[BudgetRow]
    area_totals: dict[Bereich, BudgetRow]
    grand_total: BudgetRow
    transfers: dict[int, Transfer]
    transfer_rows: list[BudgetRow]

    @property
    def previous_year(self) -> int:
        return self.years[0]

    @property
    def plan_years(self) -> list[int]:
        return self.years[1:]

    @property
    def steps(self) -> list[tuple[int, int]]:
        """Each plan year with the year before it: the pairs whose delta the table shows."""
        return list(zip(self.years, self.years[1:]))

    @property
    def decimals(self) -> int:
        """Decimal places of the table: 2 if any amount has cents, else 0."""
        return _decimals(a for row in [*self.rows, *self.transfer_rows] for a in row.amounts.values())

    @property
    def symbols(self) -> list[Zeichen]:
        """BA symbols in the table's totals ("x" where an area had no budget the year before)."""
        return symbols_in(*(row.change_percent(*step) for row in self.rows if row.is_total for step in self.steps))

    def planned(self, area: Bereich, year: int | None = None) -> Decimal:
        """An area's total in `year` (default: the first plan year); zero where the budget has no such positions."""
        row = self.area_totals.get(area)
        return row.amounts[year or self.plan_years[0]] if row else Decimal(0)

    def available(self, area: Bereich, year: int) -> Decimal:
        """An area's money in `year` after the Umschichtung."""
        transfer = self.transfers.get(year)
        moved = transfer.egl_to_vk if transfer else Decimal(0)
        return self.planned(area, year) + (moved if area is Bereich.VK else -moved)


TRANSFER_LABELS = {True: "Umschichtung vom Eingliederungs- in den Verwaltungskostentitel",
                   False: "Umschichtung vom Verwaltungskosten- in den Eingliederungstitel"}


def derive_budget(haushalt: Haushalt, years: Sequence[int], notices: list[Notice] | None = None) -> BudgetOverview:
    """Positions grouped by area, each area followed by its total, then the Gesamtbudget, then Umschichtungen.

    Totals come from the positions; where the source states a total, the stated one is printed and checked.
    """
    notices = notices if notices is not None else []
    given = haushalt.stated_totals
    rows: list[BudgetRow] = []
    area_totals: dict[Bereich, BudgetRow] = {}

    computed: dict[Bereich, dict[int, Decimal]] = {}

    def total(label: str, key: str, sums: dict[int, Decimal]) -> BudgetRow:
        amounts = {year: stated(sums[year], getattr(given, key).get(year), haushalt.tolerance,
                                ("haushalt", "summen", key, year), f"{label} {year}", notices) for year in years}
        return BudgetRow(label, amounts, is_total=True)

    for area in dict.fromkeys(position.area for position in haushalt.positions):
        positions = [BudgetRow(p.label, {year: p.amounts[year] for year in years})
                     for p in haushalt.positions if p.area is area]
        computed[area] = {year: sum((row.amounts[year] for row in positions), Decimal(0)) for year in years}
        area_totals[area] = total(TOTAL_LABELS[area], TOTAL_KEYS[area], computed[area])
        rows += [*positions, area_totals[area]]
    grand_total = total(GRAND_TOTAL_LABEL, "gesamtbudget",
                        {year: sum((sums[year] for sums in computed.values()), Decimal(0)) for year in years})
    overview = BudgetOverview(haushalt.title, list(years), haushalt.plan_label, [*rows, grand_total], area_totals,
                              grand_total, {}, [])
    overview = replace(overview, transfers={transfer.year: transfer for transfer in _transfers(haushalt, overview)})
    return replace(overview, transfer_rows=_transfer_rows(overview))


def _transfers(haushalt: Haushalt, overview: BudgetOverview) -> Iterator[Transfer]:
    for entry in haushalt.transfers:
        year = entry.year or overview.plan_years[0]
        egl = overview.planned(Bereich.EGL, year)
        amount = entry.amount if entry.amount is not None else (egl * entry.share / HUNDRED).quantize(CENT)
        sign = 1 if entry.direction is Umschichtungsrichtung.egl_nach_vk else -1
        yield Transfer(year, sign * amount, share(amount, egl))


def _transfer_rows(overview: BudgetOverview) -> list[BudgetRow]:
    """Each direction's Umschichtung and what each title holds after it, for the years that have one."""
    years = [year for year in overview.plan_years if year in overview.transfers]
    if not years:
        return []
    moves = {year: overview.transfers[year].egl_to_vk for year in years}
    return [
        *(BudgetRow(TRANSFER_LABELS[to_vk], {year: abs(moved) for year, moved in moves.items() if (moved > 0) == to_vk})
          for to_vk in dict.fromkeys(moved > 0 for moved in moves.values())),
        BudgetRow("EGL nach Umschichtung", {year: overview.available(Bereich.EGL, year) for year in years}, True),
        BudgetRow("VKB nach Umschichtung", {year: overview.available(Bereich.VK, year) for year in years}, True),
    ]


@dataclass(frozen=True)
class PersonnelFigures:
    """Staff capacity and its split between Bundesagentur and kommunaler Träger."""

    capacities: Decimal
    share_ba: Decimal
    share_kommune: Decimal


def derive_personnel(personnel: Personnel) -> PersonnelFigures:
    return PersonnelFigures(personnel.capacities, personnel.share_ba, HUNDRED - personnel.share_ba)


@dataclass(frozen=True)
class PlanLine:
    """A line of the EGL plan (or a group of lines) with its share of the plan."""

    label: str
    amount: Decimal
    share: Cell
    number: str | None = None
    description: str | None = None
    entries: int | None = None
    places: int | None = None
    group: str | None = None


@dataclass(frozen=True)
class EglPlanFigures:
    """The Eingliederungsleistungen planned for one year: lines, group totals, the sum and the money available."""

    title: str
    kind: EglGliederung
    year: int
    status: Planstatus | None
    lines: list[PlanLine]
    groups: dict[str, PlanLine]
    total: Decimal
    available: Decimal

    @property
    def decimals(self) -> int:
        return _decimals([self.total, *(line.amount for line in self.lines)])

    @property
    def numbered(self) -> bool:
        return any(line.number for line in self.lines)

    @property
    def entries_total(self) -> int | None:
        """Planned Eintritte of all lines; None if no line plans any."""
        return _count_total(line.entries for line in self.lines)

    @property
    def places_total(self) -> int | None:
        """Planned Plätze of all lines; None if no line plans any."""
        return _count_total(line.places for line in self.lines)


def _count_total(counts: Iterable[int | None]) -> int | None:
    given = [count for count in counts if count is not None]
    return sum(given) if given else None


def roman(number: int) -> str:
    """1 → I, 4 → IV, 14 → XIV: the numbering of EGL lines."""
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, numeral in numerals:
        count, number = divmod(number, value)
        text += numeral * count
    return text


def derive_egl_plan(plan: EglPlanung, budget: BudgetOverview, tolerance: Decimal,
                    notices: list[Notice]) -> EglPlanFigures:
    """Shares, group sums and the total; a notice when the total differs from the EGL money of the year."""
    year = plan.year or budget.plan_years[0]
    computed = sum((line.amount for line in plan.lines), Decimal(0))
    total = stated(computed, plan.stated_total, tolerance, ("haushalt", "egl_planung", "summe"),
                   "Summe der EGL-Planung", notices)
    lines = [PlanLine(line.label, line.amount, share(line.amount, total), roman(index) if plan.numbered else None,
                      line.description, line.entries, line.places, line.group)
             for index, line in enumerate(plan.lines, start=1)]
    groups = {}
    for group in dict.fromkeys(line.group for line in plan.lines if line.group):
        amount = sum((line.amount for line in plan.lines if line.group == group), Decimal(0))
        groups[group] = PlanLine(group, amount, share(amount, total))
    available = budget.available(Bereich.EGL, year)
    if abs(total - available) > tolerance:
        after = " nach Umschichtung" if year in budget.transfers else ""
        notices.append((("haushalt", "egl_planung"),
                        f"die EGL-Planung ergibt zusammen {german_number(total)} €, "
                        f"das EGL-Budget {year}{after} beträgt {german_number(available)} €"))
    what = "Teilbudgets" if plan.kind is EglGliederung.teilbudgets else "Instrumenten"
    title = plan.title or f"Planung der Eingliederungsleistungen {year} nach {what}"
    return EglPlanFigures(title, plan.kind, year, plan.status, lines, groups, total, available)


@dataclass(frozen=True)
class VkRow:
    """A Verwaltungskosten position: Haushaltsplan, Geschäftsplan and their difference."""

    label: str
    budget_plan: Decimal
    business_plan: Decimal
    difference: Decimal
    is_total: bool = False


@dataclass(frozen=True)
class VkFigures:
    """Verwaltungskosten in detail with totals, and staff in VZÄ with its sum."""

    title: str
    year: int
    rows: list[VkRow]
    staff: list[tuple[str, Decimal]]
    staff_total: Decimal

    @property
    def decimals(self) -> int:
        return _decimals(a for row in self.rows for a in (row.budget_plan, row.business_plan))


def derive_verwaltungskosten(detail: Verwaltungskosten, year: int, tolerance: Decimal,
                             notices: list[Notice]) -> VkFigures:
    """Differences (stated ones checked) and totals of the positions; the sum of VZÄ."""
    rows = [VkRow(p.label, p.budget_plan, p.business_plan,
                  stated(p.business_plan - p.budget_plan, p.stated_difference, tolerance,
                         ("haushalt", "verwaltungskosten", "positionen", index, "abweichung"),
                         f"Abweichung „{p.label}“", notices))
            for index, p in enumerate(detail.positions)]
    if rows:
        rows.append(VkRow("Summe", sum((r.budget_plan for r in rows), Decimal(0)),
                          sum((r.business_plan for r in rows), Decimal(0)),
                          sum((r.difference for r in rows), Decimal(0)), is_total=True))
    staff = [(s.label, s.vzae) for s in detail.staff]
    return VkFigures(detail.title or f"Verwaltungskosten {year}", year, rows, staff,
                     sum((vzae for _, vzae in staff), Decimal(0)))


@dataclass(frozen=True)
class OtherFundsFigures:
    """Money outside the Gesamtbudget by year, with the sum per year."""

    title: str
    years: list[int]
    rows: list[tuple[str, str | None, dict[int, Decimal]]]
    totals: dict[int, Decimal]

    @property
    def decimals(self) -> int:
        return _decimals(a for _, _, amounts in self.rows for a in amounts.values())


def derive_other_funds(funds: WeitereMittel) -> OtherFundsFigures:
    years = sorted({year for line in funds.lines for year in line.amounts})
    rows = [(line.label, line.source, dict(line.amounts)) for line in funds.lines]
    totals = {year: sum((line.amounts.get(year, Decimal(0)) for line in funds.lines), Decimal(0)) for year in years}
    return OtherFundsFigures(funds.title, years, rows, totals)


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

    def given(computed: int | Zeichen, value: int | None, where: Location, what: str) -> int | Zeichen:
        return stated(computed, value, table.tolerance, where, what, notices)

    group_rows: list[tuple[ProfileRow, list[ProfileRow]]] = []
    for group_index, group in enumerate(table.groups):
        profiles = [ProfileRow(f"{p.kuerzel} {p.label}", "profil",
                               given(cell_sum(p.values), p.stated_total,
                                      location + ("gruppen", group_index, "profile", index, "summe"),
                                      f"Summe der Profillage {p.kuerzel}"), p.values)
                    for index, p in enumerate(group.profiles)]
        group_rows.append((ProfileRow(group.label, "gruppe", cell_sum([p.total for p in profiles]),
                                      _column_sums([p.values for p in profiles])), profiles))
    computed_ages = _column_sums([group.values for group, _ in group_rows])
    stated_ages = table.stated_age_totals or [None] * len(computed_ages)
    ages = [given(computed, value, location + ("summen_altersgruppen", index), f"Summe „{table.age_groups[index]}“")
            for index, (computed, value) in enumerate(zip(computed_ages, stated_ages))]
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
                 egl_plan: EglPlanFigures | None) -> ChartFigures:
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
        assert egl_plan is not None
        categories = [line.label for line in egl_plan.lines]
        series = [Series("Geplante Mittel", [line.amount for line in egl_plan.lines])]
    else:
        categories = list(spec.categories or [])
        series = [Series(reihe.name, list(reihe.values)) for reihe in spec.series or []]
    if spec.kind is Diagrammart.balken:
        order = sorted(range(len(categories)), key=lambda index: -series[0].values[index])
        categories = [categories[index] for index in order]
        series = [Series(s.name, [s.values[index] for index in order]) for s in series]
    return ChartFigures(name, spec, categories, series)


# --- Ziele ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BySex:
    """A target's value for women and for men."""

    women: Decimal
    men: Decimal


@dataclass(frozen=True)
class GoalFigures:
    """A target with the Kennzahl's names and unit filled in, its absolute Zielwert and, looking back, the result."""

    kennzahl: str | None
    goal: str
    measure: str
    unit: Einheit | None
    target: Decimal | None
    target_text: str | None
    monitoring_only: bool
    by_sex: BySex | None
    base: Decimal | None
    base_label: str | None
    target_absolute: Decimal | None
    actual: Decimal | None
    difference: Decimal | None
    reached: bool | None
    higher_is_better: bool


@dataclass(frozen=True)
class GoalLayerFigures:
    """A target layer: title, owner, partner, the year the targets apply to, and the targets."""

    title: str
    kind: Zielart
    agreed_with: str | None
    period: Zeitraum
    goals: list[GoalFigures]

    @property
    def has_split(self) -> bool:
        return any(goal.by_sex for goal in self.goals)

    @property
    def has_base(self) -> bool:
        return any(goal.base is not None for goal in self.goals)


def derive_goal(goal: Ziel, stand: datetime.date) -> GoalFigures:
    """Fill in a Kennzahl's goal, official name and unit; compute the absolute target and whether it was reached."""
    official = kennzahl(goal.kennzahl, stand) if goal.kennzahl else None
    unit = goal.unit_on(stand)
    if goal.direction:
        higher = goal.direction is Richtung.steigen
    elif official:
        higher = official.higher_is_better
    else:
        higher = not (unit is Einheit.veraenderung and goal.target is not None and goal.target < 0)
    absolute = None
    if goal.base is not None and goal.target is not None and unit is Einheit.veraenderung:
        absolute = goal.base * (1 + goal.target / HUNDRED)
    difference = reached = None
    if goal.actual is not None and goal.target is not None:
        difference = goal.actual - goal.target
        reached = difference >= 0 if higher else difference <= 0
    return GoalFigures(
        goal.kennzahl, goal.goal or (official.goal if official else ""), goal.measure or (official.name if official else ""),
        unit, goal.target, goal.target_text, goal.monitoring_only,
        BySex(goal.by_sex.women, goal.by_sex.men) if goal.by_sex else None, goal.base, goal.base_label, absolute,
        goal.actual, difference, reached, higher)


def derive_goal_layer(layer: Zielebene, program: Program) -> GoalLayerFigures:
    """The layer with its partner (from the Träger type unless given) and every target derived."""
    partner = layer.agreed_with
    if partner is None and layer.kind in (Zielart.kennzahlen, Zielart.land):
        partner = program.jobcenter.target_partner
    return GoalLayerFigures(layer.title, layer.kind, partner, layer.period or program.period,
                            [derive_goal(goal, program.stand) for goal in layer.goals])


# --- Alles zusammen -----------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Everything derived from a program, computed before anything is rendered."""

    budget: BudgetOverview | None
    personnel: PersonnelFigures | None
    tables: dict[str, ChangeTableFigures | ProfileTableFigures]
    egl_plan: EglPlanFigures | None
    verwaltungskosten: VkFigures | None
    other_funds: OtherFundsFigures | None
    goals: dict[str, GoalLayerFigures]
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
    budget = derive_budget(haushalt, [program.previous_year, *program.years], notices) if haushalt else None
    egl_plan = vk = other = None
    if haushalt and budget:
        if haushalt.egl_plan:
            egl_plan = derive_egl_plan(haushalt.egl_plan, budget, haushalt.tolerance, notices)
        if haushalt.verwaltungskosten:
            vk = derive_verwaltungskosten(haushalt.verwaltungskosten, haushalt.verwaltungskosten.year or program.year,
                                          haushalt.tolerance, notices)
        other = derive_other_funds(haushalt.other_funds) if haushalt.other_funds else None
    return Figures(
        budget=budget,
        personnel=derive_personnel(haushalt.personnel) if haushalt and haushalt.personnel else None,
        tables=tables,
        egl_plan=egl_plan,
        verwaltungskosten=vk,
        other_funds=other,
        goals={name: derive_goal_layer(layer, program) for name, layer in program.ziele.items()},
        charts={name: derive_chart(name, spec, tables, egl_plan) for name, spec in program.charts.items()},
        notices=notices,
    )
