"""`amip validate`: load, validate and derive a data set without rendering anything."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from amip.derive import Figures, derive_figures
from amip.errors import DataError, Problem
from amip.load import RawDataSet, dotted, load_data_set
from amip.model import Program, Status, validate_program
from amip.placeholders import open_placeholders
from amip.plausibility import comma_notices, plausibility_notices, prose_number_warnings, three_decimal_notices
from amip.render import prose_context


@dataclass(frozen=True)
class Checked:
    """A data set that passed validation, with everything derived from it."""

    raw: RawDataSet
    program: Program
    figures: Figures

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
                *prose_number_warnings(self.raw.texts, prose_context(self.program, self.figures))]

    def build_warnings(self) -> list[str]:
        """What a build reports: every warning, and how many placeholders are still open (not each one)."""
        count = len(self.placeholders)
        if not count:
            return [str(warning) for warning in self.warnings]
        places = "1 Platzhalter ist" if count == 1 else f"{count} Platzhalter sind"
        return [*map(str, self.warnings), f"{places} noch offen; amip validate listet sie mit Datei und Zeile"]


def check(data_dir: Path, strict: bool = False) -> Checked:
    """Load → validate → derive; raises DataError listing every problem, with `strict` also every warning.

    `strict` refuses open placeholders as well; a decided program (status: beschlossen) always does.
    """
    raw = load_data_set(data_dir)
    program = validate_program(raw)
    checked = Checked(raw, program, derive_figures(program))
    if checked.placeholders and program.status is Status.beschlossen:
        raise DataError([Problem(problem.position, problem.field, f"{problem.message}; ein beschlossenes Programm "
                                                                  "darf keine offenen Platzhalter enthalten")
                         for problem in checked.placeholders])
    if strict and (checked.warnings or checked.placeholders):
        raise DataError([*checked.warnings, *checked.placeholders])
    return checked
