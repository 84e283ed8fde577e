"""The typed, validated data model of an Arbeitsmarkt- und Integrationsprogramm, one module per part of a data set.

YAML keys are German (the clerks' language); Python attributes are English with the German key as alias.
Every field carries a docstring that says what it holds. `validate_program` turns a loaded data set into a
`Program` or raises a DataError that lists every problem with file, line and field.
"""

from __future__ import annotations

from amip.model.programm import Program
from amip.model.references import validate_program

__all__ = ["Program", "validate_program"]
