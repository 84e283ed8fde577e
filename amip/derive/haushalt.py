"""The budget's totals, deltas, Umschichtungen, EGL plan, Verwaltungskosten and other funds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from amip.derive.cells import (
    CENT,
    HUNDRED,
    Cell,
    Notice,
    change_percent,
    decimals,
    share,
    stated,
    symbols_in,
)
from amip.filters import angabe
from amip.model.haushalt import (
    Bereich,
    EglGliederung,
    EglPlanung,
    EglZeile,
    Haushalt,
    Personnel,
    Planstatus,
    Umschichtungsrichtung,
    Verwaltungskosten,
    WeitereMittel,
)
from amip.model.types import Zeichen

TOTAL_LABELS = {Bereich.VK: "VKB gesamt", Bereich.EGL: "EGL gesamt"}
TOTAL_KEYS = {Bereich.VK: "vkb_gesamt", Bereich.EGL: "egl_gesamt"}
GRAND_TOTAL_LABEL = "Gesamtbudget"


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
        return decimals(a for row in [*self.rows, *self.transfer_rows] for a in row.amounts.values())

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
    """A line of the EGL plan as written (`spec`: label, amount, Eintritte, …), its number and share of the plan."""

    spec: EglZeile
    share: Cell
    number: str | None


@dataclass(frozen=True)
class PlanGroup:
    """The lines of the EGL plan in one group: their sum and its share of the plan."""

    label: str
    amount: Decimal
    share: Cell


@dataclass(frozen=True)
class EglPlanFigures:
    """The Eingliederungsleistungen planned for one year: lines, group totals, the sum and the money available."""

    title: str
    kind: EglGliederung
    year: int
    status: Planstatus | None
    lines: list[PlanLine]
    groups: dict[str, PlanGroup]
    total: Decimal
    available: Decimal

    @property
    def decimals(self) -> int:
        return decimals([self.total, *(line.spec.amount for line in self.lines)])

    @property
    def numbered(self) -> bool:
        return any(line.number for line in self.lines)

    @property
    def entries_total(self) -> int | None:
        """Planned Eintritte of all lines; None if no line plans any."""
        return _count_total(line.spec.entries for line in self.lines)

    @property
    def places_total(self) -> int | None:
        """Planned Plätze of all lines; None if no line plans any."""
        return _count_total(line.spec.places for line in self.lines)


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
    lines = [PlanLine(line, share(line.amount, total), roman(index) if plan.numbered else None)
             for index, line in enumerate(plan.lines, start=1)]
    groups = {}
    for group in dict.fromkeys(line.group for line in plan.lines if line.group):
        amount = sum((line.amount for line in plan.lines if line.group == group), Decimal(0))
        groups[group] = PlanGroup(group, amount, share(amount, total))
    available = budget.available(Bereich.EGL, year)
    if abs(total - available) > tolerance:
        after = " nach Umschichtung" if year in budget.transfers else ""
        notices.append((("haushalt", "egl_planung"),
                        f"die EGL-Planung ergibt zusammen {angabe(total, hoechstens=2)} €, "
                        f"das EGL-Budget {year}{after} beträgt {angabe(available, hoechstens=2)} €"))
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
        return decimals(a for row in self.rows for a in (row.budget_plan, row.business_plan))


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
        return decimals(a for _, _, amounts in self.rows for a in amounts.values())


def derive_other_funds(funds: WeitereMittel) -> OtherFundsFigures:
    years = sorted({year for line in funds.lines for year in line.amounts})
    rows = [(line.label, line.source, dict(line.amounts)) for line in funds.lines]
    totals = {year: sum((line.amounts.get(year, Decimal(0)) for line in funds.lines), Decimal(0)) for year in years}
    return OtherFundsFigures(funds.title, years, rows, totals)
