"""`amip validate`: load, validate, derive and render a data set without writing anything."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from amip.derive import Figures, derive_figures
from amip.derive.plausibility import (
    comma_notices,
    plausibility_notices,
    prose_number_warnings,
    three_decimal_notices,
)
from amip.errors import DataError, Problem, dotted
from amip.fonts import FontFile, data_set_fonts, require_font
from amip.load import RawDataSet, load_data_set
from amip.load.placeholders import open_placeholders
from amip.model.programm import Program, Status
from amip.model.references import validate_program
from amip.render import render_html
from amip.render.context import data_context
from amip.render.words import long_words_in_data


@dataclass(frozen=True)
class Checked:
    """A data set that passed validation, with everything derived from it."""

    raw: RawDataSet
    program: Program
    figures: Figures
    fonts: list[FontFile]

    @cached_property
    def placeholders(self) -> list[Problem]:
        """Values and texts still marked as open (!offen, [offen: …]), with file and line."""
        return open_placeholders(self.raw)

    @cached_property
    def warnings(self) -> list[Problem]:
        """Stated values that disagree with computed ones, implausible data and numbers in texts, with file and line."""
        notices = [*self.figures.notices, *plausibility_notices(self.program, self.figures),
                   *three_decimal_notices(self.raw.data), *comma_notices(self.raw.comma_joined)]
        return [*(Problem(self.raw.position(location), dotted(location), message) for location, message in notices),
                *prose_number_warnings(self.raw.texts, data_context(self.program, self.figures))]

    def build_warnings(self) -> list[str]:
        """What a build reports: every warning, and how many placeholders are still open (not each one)."""
        count = len(self.placeholders)
        if not count:
            return [str(warning) for warning in self.warnings]
        places = "1 Platzhalter ist" if count == 1 else f"{count} Platzhalter sind"
        return [*map(str, self.warnings), f"{places} noch offen; amip validate listet sie mit Datei und Zeile"]


def check(data_dir: Path, strict: bool = False, render: bool = True) -> Checked:
    """Load → validate → derive → render; raises DataError listing every problem, with `strict` every warning.

    `strict` refuses open placeholders as well; a decided program (status: beschlossen) always does.
    Rendering runs texts and templates as a build does (TemplateError), writing nothing and drawing no chart;
    `render=False` leaves it to the caller, as `build` renders with the real chart addresses.
    """
    raw = load_data_set(data_dir)
    long_words = long_words_in_data(raw)
    try:
        program = validate_program(raw)
    except DataError as error:
        raise DataError([*error.problems, *long_words]) from None
    if long_words:
        raise DataError(long_words)
    fonts = data_set_fonts(data_dir)
    require_font(program.gestaltung.font, fonts)
    checked = Checked(raw, program, derive_figures(program), fonts)
    if checked.placeholders and program.status is Status.beschlossen:
        raise DataError([Problem(problem.position, problem.field, f"{problem.message}; ein beschlossenes Programm "
                                                                  "darf keine offenen Platzhalter enthalten")
                         for problem in checked.placeholders])
    if strict and (checked.warnings or checked.placeholders):
        raise DataError([*checked.warnings, *checked.placeholders])
    if render:
        render_html(program, checked.figures, raw.texts, data_dir, dict.fromkeys(checked.figures.charts, ""), fonts)
    return checked
