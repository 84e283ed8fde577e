"""Table cells on the logical grid of the HTML table: spans resolved, each header's scope, each data cell's headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROW_GROUPS = ("thead", "tbody", "tfoot")


@dataclass
class Cell:
    """A th or td placed on the grid: the rows and columns it covers, and the row group it belongs to."""

    element: Any
    rows: range
    columns: range
    group: int
    in_head: bool
    attributes: dict[str, Any] = field(default_factory=dict)
    """What the tag of the cell gets: ID and Scope for a header, Headers for a data cell, spans."""

    @property
    def is_header(self) -> bool:
        return self.element.tag == "th"


def table_cells(table: Any, prefix: str) -> list[Cell]:
    """Every cell of `table` with its tag attributes; header IDs start with `prefix`."""
    cells = _grid(table)
    data_rows = {row for cell in cells if not cell.is_header for row in cell.rows}
    for cell in cells:
        if len(cell.columns) > 1:
            cell.attributes["ColSpan"] = len(cell.columns)
        if len(cell.rows) > 1:
            cell.attributes["RowSpan"] = len(cell.rows)
        if cell.is_header:
            cell.attributes["ID"] = f"{prefix}-{cell.rows.start}-{cell.columns.start}"
            cell.attributes["Scope"] = _scope(cell, data_rows)
    for cell in cells:
        if not cell.is_header:
            cell.attributes["Headers"] = [header.attributes["ID"] for header in cells if _heads(header, cell)]
    return cells


def _grid(table: Any) -> list[Cell]:
    """The HTML table model: row groups in order (footers last), each cell in the first free slot of its row."""
    groups = [child for child in table if child.tag in ("thead", "tbody")]
    groups += [child for child in table if child.tag == "tfoot"]
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    row = 0
    for number, group in enumerate(groups):
        rows = [child for child in group if child.tag == "tr"]
        end = row + len(rows)
        for tr in rows:
            column = 0
            for element in (child for child in tr if child.tag in ("th", "td")):
                while (row, column) in taken:
                    column += 1
                height = _span(element, "rowspan", 65534) or end - row
                cell = Cell(element, range(row, min(end, row + height)),
                            range(column, column + (_span(element, "colspan", 1000) or 1)), number, group.tag == "thead")
                taken.update((y, x) for y in cell.rows for x in cell.columns)
                cells.append(cell)
                column = cell.columns.stop
            row += 1
    return cells


def _span(element: Any, name: str, limit: int) -> int:
    """A rowspan or colspan as HTML reads it: 1 when missing or wrong, 0 (rowspan: to the group's end) allowed."""
    try:
        return min(limit, max(0, int(element.get(name, "1"))))
    except ValueError:
        return 1


def _scope(header: Cell, data_rows: set[int]) -> str:
    """Column for headers of the head, of columns and of group title rows; Row for headers beside data."""
    scope = header.element.get("scope", "")
    if scope in ("col", "colgroup") or header.in_head and scope != "row":
        return "Column"
    if scope == "row" or set(header.rows) & data_rows:
        return "Row"
    return "Column"


def _heads(header: Cell, data: Cell) -> bool:
    """Whether `header` is over `data`'s column (in the head or its own row group) or in its row."""
    if not header.is_header:
        return False
    if header.attributes["Scope"] == "Row":
        return bool(set(header.rows) & set(data.rows))
    return (bool(set(header.columns) & set(data.columns)) and header.rows.stop <= data.rows.start
            and (header.in_head or header.group == data.group))
