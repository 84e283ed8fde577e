"""The plain data texts and templates see, built once per document, and what a placeholder may read of it.

Texts name values in German ({{ jahr }}, {{ haushalt.egl_gesamt }}); templates get the same names and
`program`, the chapters with their blocks and the fonts. Everything is dicts, lists, text, numbers, dates,
the frozen views and derived figures listed in VIEWS, and parts of the model as written, of which only their
fields are readable, never a method: no path, nothing that reads or writes a file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from amip.derive import Figures
from amip.derive.diagramme import ChartFigures, Series
from amip.derive.haushalt import (
    BudgetOverview,
    BudgetRow,
    EglPlanFigures,
    OtherFundsFigures,
    PersonnelFigures,
    PlanGroup,
    PlanLine,
    Transfer,
    VkFigures,
    VkRow,
)
from amip.derive.tabellen import (
    ChangeBlockFigures,
    ChangeRowFigures,
    ChangeTableFigures,
    ProfileRow,
    ProfileTableFigures,
)
from amip.derive.ziele import GoalFigures, GoalLayerFigures
from amip.errors import Position
from amip.load.changes import (
    Appendix,
    Change,
    Changes,
    OutlineChange,
    ParagraphChange,
    Segment,
    TextFileChange,
    ValueChange,
)
from amip.model.gliederung import ChartBlock
from amip.model.haushalt import Bereich, EglGliederung, EglZeile, Planstatus
from amip.model.programm import Program, Status, Traeger
from amip.model.tabellen import ChangeRow
from amip.model.types import Zeichen, Zeitraum
from amip.model.ziele import Einheit, NachGeschlecht, Richtung, Ziel, Zielart
from amip.render.policy import readable_names


@dataclass(frozen=True)
class ProgramView:
    """The program as templates see it: title, period, dates, status and its parties, as plain values."""

    title: str
    period: Zeitraum
    stand: datetime.date
    status: Status | None
    approving_body: str
    beschluss: dict[str, Any] | None
    jobcenter: dict[str, Any]
    gestaltung: dict[str, Any]


@dataclass(frozen=True)
class FontFace:
    """A font of the data set as the stylesheet names it."""

    family: str
    url: str
    weight: int
    style: str


@dataclass(frozen=True)
class RenderedBlock:
    """A block ready for its partial template: which template and what it shows."""

    template: str
    data: Any
    number: int | None = None


@dataclass(frozen=True)
class ChartView:
    """A chart as the figure template shows it: its texts, image address and alt text."""

    title: str
    subtitle: str | None
    footnote: str | None
    source: str
    src: str
    alt: str


@dataclass
class Part:
    """A chapter or section with its heading, anchor and rendered blocks."""

    title: str
    number: str | None
    anchor: str
    blocks: list[RenderedBlock] = field(default_factory=list)
    sections: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class ValueTable:
    """Changed values for the appendix's table: figures with their difference, other values without."""

    changes: list[ValueChange]
    with_difference: bool


VIEWS: dict[type, frozenset[str]] = {
    **{cls: readable_names(cls) for cls in (
        ProgramView, FontFace, RenderedBlock, ChartView, Part, ValueTable, Zeitraum, Position,
        BudgetOverview, Transfer, PersonnelFigures, PlanLine, PlanGroup, EglPlanFigures, VkRow, VkFigures, OtherFundsFigures,
        ChangeRowFigures, ChangeBlockFigures, ChangeTableFigures, ProfileRow, ProfileTableFigures, Series,
        GoalFigures, GoalLayerFigures, Ziel, NachGeschlecht, ChangeRow, EglZeile,
        Appendix, Changes, ValueChange, OutlineChange, Segment, ParagraphChange, TextFileChange,
        Status, Traeger, Bereich, Planstatus, EglGliederung, Einheit, Richtung, Zielart, Zeichen, Change)},
    BudgetRow: readable_names(BudgetRow, ["change", "change_percent"]),
}
"""Every type of the context besides plain Python values, with the names a placeholder may read."""


def program_view(program: Program) -> ProgramView:
    beschluss = program.beschluss.model_dump() if program.beschluss else None
    return ProgramView(program.title, program.period, program.stand, program.status, program.approving_body,
                       beschluss, program.jobcenter.model_dump(), program.gestaltung.model_dump())


def chart_view(chart: ChartFigures, src: str, alt: str) -> ChartView:
    spec = chart.spec
    return ChartView(spec.title, spec.subtitle, spec.footnote, spec.source, src, alt)


def data_context(program: Program, figures: Figures) -> dict[str, Any]:
    """The names texts and templates use: {{ jahr }}, {{ eckwerte.x }}, {{ haushalt.egl_gesamt }}, {{ program }} …"""
    context: dict[str, Any] = {
        "program": program_view(program),
        "jahr": program.year,
        "jahre": program.years,
        "zeitraum": str(program.period),
        "vorjahr": program.previous_year,
        "begriffe": program.terms,
        "stand": program.stand,
        "jobcenter": program.jobcenter.model_dump(by_alias=True, mode="python"),
        "eckwerte": dict(program.eckwerte),
        "programme": {name: p.model_dump(by_alias=True) for name, p in program.programme.items()},
        "ziele": {name: {goal.spec.kennzahl or str(index): _goal_context(goal) for index, goal in enumerate(layer.goals)}
                  for name, layer in figures.goals.items()},
        "tabellen": {name: {"zeilen": {row_id: {"wert": row.spec.value, "veraenderung": row.spec.change,
                                                "veraenderung_prozent": row.change_percent, "anteil": row.share}
                                       for row_id, row in table.rows_by_id.items()}}
                     for name, table in figures.tables.items() if isinstance(table, ChangeTableFigures)},
        "diagramme": {name: {"reihen": {series.name: _series_context(chart, series) for series in chart.series}}
                      for name, chart in figures.charts.items()},
        "abbildungen": figure_numbers(program),
    }
    if program.haushalt and figures.budget:
        context["haushalt"] = _budget_context(program, figures, figures.budget)
    return context


def _goal_context(goal: GoalFigures) -> dict[str, Any]:
    """A target for texts under its German names: ziel, messgroesse, zielwert, istwert, differenz, erreicht, …"""
    spec = goal.spec
    return {"kennzahl": spec.kennzahl, "ziel": goal.goal, "messgroesse": goal.measure, "zielwert": spec.target,
            "zielwert_text": spec.target_text, "bezugswert": spec.base, "zielwert_absolut": goal.target_absolute,
            "istwert": spec.actual, "differenz": goal.difference, "erreicht": goal.reached}


def _budget_context(program: Program, figures: Figures, budget: BudgetOverview) -> dict[str, Any]:
    """The budget for texts: totals of the first plan year, per year, Umschichtungen, EGL plan, personnel."""
    def totals(year: int) -> dict[str, Decimal]:
        return {"vkb_gesamt": budget.planned(Bereich.VK, year), "egl_gesamt": budget.planned(Bereich.EGL, year),
                "gesamtbudget": budget.grand_total.amounts[year]}
    haushalt = program.haushalt
    assert haushalt is not None
    return {
        **totals(program.year),
        "je_jahr": {year: totals(year) for year in budget.years},
        "umschichtungen": {year: {"betrag": abs(t.egl_to_vk), "anteil": t.share,
                                  "egl_verfuegbar": budget.available(Bereich.EGL, year),
                                  "vkb_verfuegbar": budget.available(Bereich.VK, year)}
                           for year, t in budget.transfers.items()},
        "kommunaler_finanzierungsanteil": haushalt.kommunaler_finanzierungsanteil,
        "personal": ({"kapazitaeten": figures.personnel.capacities, "anteil_ba": figures.personnel.share_ba,
                      "anteil_kommune": figures.personnel.share_kommune} if figures.personnel else None),
        "egl_planung": _egl_plan_context(figures.egl_plan) if figures.egl_plan else None,
        "weitere_mittel": ({"summen": figures.other_funds.totals} if figures.other_funds else None),
        "verwaltungskosten": ({"vzae": figures.verwaltungskosten.staff_total} if figures.verwaltungskosten else None),
    }


def _series_context(chart: ChartFigures, series: Series) -> dict[str, Any]:
    """A chart series for texts: werte by category, letzter (last value), veraenderung (last minus previous)."""
    return {"werte": dict(zip(chart.categories, series.values)), "letzter": series.values[-1],
            "veraenderung": series.change}


def _egl_plan_context(plan: EglPlanFigures) -> dict[str, Any]:
    """The EGL plan for texts: summe, and betrag and anteil of each line and group."""
    lines = {line.spec.label: {"betrag": line.spec.amount, "anteil": line.share, "eintritte": line.spec.entries,
                               "plaetze": line.spec.places} for line in plan.lines}
    groups = {name: {"betrag": group.amount, "anteil": group.share, "eintritte": None, "plaetze": None}
              for name, group in plan.groups.items()}
    return {"summe": plan.total, "jahr": plan.year, "zeilen": lines, "gruppen": groups}


def figure_numbers(program: Program) -> dict[str, int]:
    """Each chart's number („Abbildung N“) in the order the outline places them."""
    names = [block.chart for _, block in program.blocks() if isinstance(block, ChartBlock)]
    return {name: number for number, name in enumerate(dict.fromkeys(names), start=1)}
