"""amip: the Arbeitsmarkt- und Integrationsprogramm of a Jobcenter, from YAML to a print-ready PDF.

Public API: `build` (data set → PDF), `check` (load, validate and derive without writing),
and the exceptions `AmipError`, `DataError`, `TemplateError`, `RenderError`.
"""

from amip.commands.build import build
from amip.commands.validate import check
from amip.errors import AmipError, DataError, RenderError, TemplateError

__all__ = ["AmipError", "DataError", "RenderError", "TemplateError", "build", "check"]
__version__ = "0.1.0"
