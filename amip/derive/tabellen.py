"""Statistical tables: changes and shares per reporting month, Profillagen with their sums and shares."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from amip.derive.cells import (
    Cell,
    Notice,
    cell_sum,
    change_percent,
    difference,
    share,
    stated,
    symbols_in,
)
from amip.errors import Location
from amip.model.tabellen import ChangeRow, ChangeTable, ProfileTable
from amip.model.types import Schema, Zeichen


@dataclass(frozen=True)
class ChangeRowFigures:
    """A row as written (`spec`: label, value, change) with its change in % and share of the block's base row."""

    spec: ChangeRow
    change_percent: Cell
    share: Cell | None


@dataclass(frozen=True)
class ChangeBlockFigures:
    month: datetime.date
    rows: list[ChangeRowFigures]


@dataclass(frozen=True)
class ChangeTableFigures:
    """A table of values with their change to the previous year, block by reporting month."""

    template: ClassVar[str] = "bausteine/tabelle_veraenderung.html.j2"

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
                            for cell in (row.spec.value, row.spec.change, row.change_percent, row.share)))

    @property
    def rows_by_id(self) -> dict[str, ChangeRowFigures]:
        return {row.spec.id: row for block in self.blocks for row in block.rows if row.spec.id}


def derive_change_table(table: ChangeTable, location: Location) -> tuple[ChangeTableFigures, list[Notice]]:
    """Change in % against the previous year's value; shares relative to the last base row above."""
    blocks = []
    for block in table.blocks:
        base: Cell | None = None
        rows = []
        for row in block.rows:
            if row.is_base:
                base = row.value
            rows.append(ChangeRowFigures(row, change_percent(difference(row.value, row.change), row.value),
                                         share(row.value, base) if base is not None else None))
        blocks.append(ChangeBlockFigures(block.month, rows))
    return ChangeTableFigures(table.title, table.hint, table.header_row, table.source, blocks), []


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
    """ELB by Profillage and age group, with sums and shares of the grand total."""

    template: ClassVar[str] = "bausteine/tabelle_profillagen.html.j2"
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


TableFigures = ChangeTableFigures | ProfileTableFigures
"""A derived table of any kind; each knows its partial template."""
DERIVATIONS: dict[type[Schema], Callable[[Any, Location], tuple[TableFigures, list[Notice]]]] = {
    ChangeTable: derive_change_table,
    ProfileTable: derive_profile_table,
}
"""How each kind of table (model.tabellen.TABLE_KINDS) is derived, by its model class."""


def derive_table(table: Schema, location: Location) -> tuple[TableFigures, list[Notice]]:
    """A table of any kind with its sums, changes and shares, and notices where stated values disagree."""
    return DERIVATIONS[type(table)](table, location)
