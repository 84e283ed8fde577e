"""Targets with the Kennzahl's names filled in, absolute Zielwerte and, looking back, whether they were reached."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from amip.derive.cells import HUNDRED
from amip.model.kennzahlen import kennzahl
from amip.model.programm import Program
from amip.model.types import Zeitraum
from amip.model.ziele import Einheit, Richtung, Ziel, Zielart, Zielebene


@dataclass(frozen=True)
class GoalFigures:
    """A target as written (`spec`), with what amip fills in from the Kennzahl and computes: the absolute
    Zielwert and, looking back, the difference and whether it was reached."""

    spec: Ziel
    goal: str
    measure: str
    unit: Einheit | None
    target_absolute: Decimal | None
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
        return any(goal.spec.by_sex for goal in self.goals)

    @property
    def has_base(self) -> bool:
        return any(goal.spec.base is not None for goal in self.goals)


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
    return GoalFigures(spec=goal, goal=goal.goal or (official.goal if official else ""),
                       measure=goal.measure or (official.name if official else ""), unit=unit,
                       target_absolute=absolute, difference=difference, reached=reached, higher_is_better=higher)


def derive_goal_layer(layer: Zielebene, program: Program) -> GoalLayerFigures:
    """The layer with its partner (from the Träger type unless given) and every target derived."""
    partner = layer.agreed_with
    if partner is None and layer.kind in (Zielart.kennzahlen, Zielart.land):
        partner = program.jobcenter.target_partner
    return GoalLayerFigures(layer.title, layer.kind, partner, layer.period or program.period,
                            [derive_goal(goal, program.stand) for goal in layer.goals])
