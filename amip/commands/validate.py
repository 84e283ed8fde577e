"""`amip validate`: load, validate and derive a data set without rendering anything."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from amip.derive import Figures, derive_figures
from amip.errors import DataError, Problem
from amip.load import RawDataSet, dotted, load_data_set
from amip.model import Program, validate_program
from amip.plausibility import plausibility_notices, prose_number_warnings
from amip.render import prose_context


@dataclass(frozen=True)
class Checked:
    """A data set that passed validation, with everything derived from it."""

    raw: RawDataSet
    program: Program
    figures: Figures

    @cached_property
    def warnings(self) -> list[Problem]:
        """Stated values that disagree with computed ones, implausible data and numbers in texts, with file and line."""
        notices = [*self.figures.notices, *plausibility_notices(self.program, self.figures)]
        return [*(Problem(self.raw.position(location), dotted(location), message) for location, message in notices),
                *prose_number_warnings(self.raw.texts, prose_context(self.program, self.figures))]


def check(data_dir: Path, strict: bool = False) -> Checked:
    """Load → validate → derive; raises DataError listing every problem, with `strict` also every warning."""
    raw = load_data_set(data_dir)
    program = validate_program(raw)
    checked = Checked(raw, program, derive_figures(program))
    if strict and checked.warnings:
        raise DataError(checked.warnings)
    return checked
