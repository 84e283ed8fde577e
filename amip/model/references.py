"""Checks across the data set: what the outline names exists, years fit, charts find their data."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import ValidationError

from amip.errors import DataError, Location, Problem, dotted
from amip.load import RawDataSet
from amip.load.files import Refused, data_set_image
from amip.load.parse import ThreeDecimals
from amip.model.diagramme import ChartUnit, Diagramm
from amip.model.haushalt import Haushalt
from amip.model.messages import missing, problems_from
from amip.model.programm import Program, Traeger
from amip.model.tabellen import ChangeRow, ChangeTable
from amip.model.types import Zeichen, thousands_dot
from amip.model.ziele import Einheit, Zielart


def validate_program(raw: RawDataSet) -> Program:
    """The typed program, or a DataError listing every problem with file and line."""
    try:
        program = Program.model_validate(raw.data)
    except ValidationError as error:
        raise DataError(problems_from(error, raw, Program)) from None
    problems = [Problem(raw.position(location), dotted(location), message)
                for location, message in _reference_problems(program, raw)]
    if problems:
        raise DataError(problems)
    return program


def _reference_problems(program: Program, raw: RawDataSet) -> Iterator[tuple[Location, str]]:
    """Outline entries that name nothing that exists; budget years that do not fit; targets agreed with nobody."""
    for location, block in program.blocks():
        yield from block.problems(program, raw, location)
    logo = program.gestaltung.logo
    try:
        if logo:
            data_set_image(raw.root, logo)
    except Refused as refused:
        yield ("gestaltung", "logo"), f"die Datei „{logo}“ {refused.reason}"
    for name, chart in program.charts.items():
        for field, message in _chart_problems(program, chart):
            yield ("diagramme", name) + field, message
    yield from _thousands_dot_problems(program, raw)
    for name, foerderprogramm in program.programme.items():
        if foerderprogramm.text not in raw.texts:
            yield ("programme", name, "text"), missing("die Textdatei", foerderprogramm.text, raw.text_files)
    if program.haushalt:
        yield from _budget_problems(program, program.haushalt)
    for name, layer in program.ziele.items():
        if layer.kind in (Zielart.kennzahlen, Zielart.land) and not (layer.agreed_with or program.jobcenter.target_partner):
            partner = "agentur" if program.jobcenter.traeger is Traeger.gE else "landesbehoerde"
            yield (("ziele", name, "vereinbart_mit"),
                   f"mit wem sind die Ziele vereinbart? Bitte vereinbart_mit angeben oder jobcenter.{partner} "
                   "in programm.yaml")


def _thousands_dot_problems(program: Program, raw: RawDataSet) -> Iterator[tuple[Location, str]]:
    """Numbers written like `7.412` where their unit makes them counts or amounts, so they can only mean 7412."""
    for location in [*_counted_chart_values(program), *_counted_goal_figures(program)]:
        if isinstance(value := raw.value(location), ThreeDecimals):
            yield location, thousands_dot(value).message()


def _counted_chart_values(program: Program) -> Iterator[Location]:
    """The values of charts in anzahl or euro, unless a chart shows three decimals."""
    for name, chart in program.charts.items():
        if chart.unit is not ChartUnit.prozent and (chart.decimals or 0) < 3:
            for index, reihe in enumerate(chart.series or []):
                yield from (("diagramme", name, "reihen", index, "werte", place) for place in range(len(reihe.values)))


def _counted_goal_figures(program: Program) -> Iterator[Location]:
    """A goal's figures in anzahl; its bezugswert also for a veraenderung, where it is a number of people."""
    for name, layer in program.ziele.items():
        for index, goal in enumerate(layer.goals):
            unit = goal.unit_on(program.stand)
            fields = [("zielwert",), ("istwert",), ("nach_geschlecht", "frauen"), ("nach_geschlecht", "maenner")] \
                if unit is Einheit.anzahl else []
            fields += [("bezugswert",)] if unit in (Einheit.anzahl, Einheit.veraenderung) else []
            yield from (("ziele", name, "ziele", index) + field for field in fields)


def _years_text(years: list[int]) -> str:
    return ", ".join(map(str, years[:-1])) + f" und {years[-1]}" if len(years) > 1 else str(years[0])


def _budget_problems(program: Program, haushalt: Haushalt) -> Iterator[tuple[Location, str]]:
    """Amounts for exactly the budget's years; detail tables for a year of the program."""
    years = program.period.with_previous_year
    for index, position in enumerate(haushalt.positions):
        if sorted(position.amounts) != years:
            yield (("haushalt", "positionen", index, "betraege"),
                   f"braucht Beträge für genau die Jahre {_years_text(years)}, "
                   f"gefunden: {', '.join(map(str, sorted(position.amounts))) or 'keine'}")
    for key, stated in haushalt.stated_totals.model_dump().items():
        for year in stated:
            if year not in years:
                yield ("haushalt", "summen", key, year), f"das Jahr {year} steht nicht im Budget ({_years_text(years)})"
    details: list[tuple[Location, int | None]] = [
        (("haushalt", "egl_planung", "jahr"), haushalt.egl_plan and haushalt.egl_plan.year),
        (("haushalt", "verwaltungskosten", "jahr"), haushalt.verwaltungskosten and haushalt.verwaltungskosten.year),
        *((("haushalt", "umschichtungen", index, "jahr"), transfer.year)
          for index, transfer in enumerate(haushalt.transfers))]
    for location, year in details:
        if year is not None and year not in program.years:
            yield location, f"das Jahr {year} gehört nicht zum Programm ({program.period})"
    for index, line in enumerate(haushalt.other_funds.lines if haushalt.other_funds else []):
        for year in line.amounts:
            if year not in years:
                yield (("haushalt", "weitere_mittel", "zeilen", index, "betraege", year),
                       f"das Jahr {year} passt nicht zum Programm; erlaubt sind {_years_text(years)}")


def _symbol_drawn(rows: list[ChangeRow], quantity: str) -> Zeichen | None:
    """A BA symbol in the cells a chart would draw from the last of `rows` (for a share, its base row too)."""
    row = rows[-1]
    cells = [row.change] if quantity == "veraenderung" else [row.value]
    if quantity == "anteil":
        cells.append(next(r for r in reversed(rows) if r.is_base).value)
    return next((cell for cell in cells if isinstance(cell, Zeichen)), None)


def _chart_problems(program: Program, chart: Diagramm) -> Iterator[tuple[Location, str]]:
    """Series that do not fit the categories; the table, month and rows or the budget a chart draws from."""
    for index, reihe in enumerate(chart.series or []):
        if len(reihe.values) != len(chart.categories or []):
            yield (("reihen", index, "werte"),
                   f"Reihe „{reihe.name}“ hat {len(reihe.values)} Werte, aber es gibt {len(chart.categories or [])} kategorien")
    if chart.categories is not None:
        for index, label in enumerate(chart.highlight):
            if label not in chart.categories:
                yield ("hervorheben", index), missing("die Kategorie", label, chart.categories, "unter kategorien")
    if chart.from_budget and not (program.haushalt and program.haushalt.egl_plan):
        yield ("aus_haushalt",), "haushalt.yaml enthält keine egl_planung, aus der das Diagramm zeichnen könnte"
    source = chart.from_table
    if source is None:
        return
    table = program.tables.get(source.table)
    if not isinstance(table, ChangeTable):
        yield (("aus_tabelle", "tabelle"),
               missing("die Veränderungstabelle", source.table,
                        [name for name, t in program.tables.items() if isinstance(t, ChangeTable)],
                        "in tabellen.yaml"))
        return
    block = next((block for block in table.blocks if block.month == source.month), None)
    if block is None:
        months = ", ".join(block.month.isoformat() for block in table.blocks)
        yield ("aus_tabelle", "berichtsmonat"), f"die Tabelle hat keinen Block für {source.month.isoformat()}; vorhanden: {months}"
        return
    labels = [row.label for row in block.rows]
    for index, label in enumerate(source.rows):
        if label not in labels:
            yield ("aus_tabelle", "zeilen", index), missing("die Zeile", label, labels, f"im Block {source.month}")
        elif labels.count(label) > 1:
            yield ("aus_tabelle", "zeilen", index), f"die Zeile „{label}“ steht mehrmals im Block {source.month}"
        elif source.quantity == "anteil" and not any(row.is_base for row in block.rows[:labels.index(label) + 1]):
            yield (("aus_tabelle", "zeilen", index),
                   f"die Zeile „{label}“ hat keinen Anteil: darüber steht keine Zeile mit bezugsgroesse: true")
        elif symbol := _symbol_drawn(block.rows[:labels.index(label) + 1], source.quantity):
            yield (("aus_tabelle", "zeilen", index),
                   f"die Zeile „{label}“ enthält das Zeichen „{symbol.value}“ ({symbol.meaning}); "
                   "ein Diagramm braucht Zahlen")
    for index, label in enumerate(chart.highlight):
        if label not in source.rows:
            yield ("hervorheben", index), f"„{label}“ ist keine der zeilen des Diagramms"
