"""Compute every total, change and share the program shows from the numbers typed once."""

from __future__ import annotations

from dataclasses import dataclass

from amip.derive.cells import Notice
from amip.derive.diagramme import ChartFigures, derive_chart
from amip.derive.haushalt import (
    BudgetOverview,
    EglPlanFigures,
    OtherFundsFigures,
    PersonnelFigures,
    VkFigures,
    derive_budget,
    derive_egl_plan,
    derive_other_funds,
    derive_personnel,
    derive_verwaltungskosten,
)
from amip.derive.tabellen import TableFigures, derive_table
from amip.derive.ziele import GoalLayerFigures, derive_goal_layer
from amip.model.programm import Program


@dataclass(frozen=True)
class Figures:
    """Everything derived from a program, computed before anything is rendered."""

    budget: BudgetOverview | None
    personnel: PersonnelFigures | None
    tables: dict[str, TableFigures]
    egl_plan: EglPlanFigures | None
    verwaltungskosten: VkFigures | None
    other_funds: OtherFundsFigures | None
    goals: dict[str, GoalLayerFigures]
    charts: dict[str, ChartFigures]
    notices: list[Notice]


def derive_figures(program: Program) -> Figures:
    """Derive all figures of the program; disagreements with stated values become notices."""
    notices: list[Notice] = []
    tables: dict[str, TableFigures] = {}
    for name, table in program.tables.items():
        tables[name], found = derive_table(table, ("tabellen", name))
        notices += found
    haushalt = program.haushalt
    budget = derive_budget(haushalt, program.period.with_previous_year, notices) if haushalt else None
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
