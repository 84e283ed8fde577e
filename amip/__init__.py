"""amip: the Arbeitsmarkt- und Integrationsprogramm of a Jobcenter, from YAML to a print-ready PDF.

Public API: `build` (data set → PDF), `check` (load, validate and derive without writing),
and the exceptions `AmipError`, `DataError`, `TemplateError`, `RenderError`.
"""

from __future__ import annotations

import importlib
from typing import Any

from amip.errors import AmipError, DataError, RenderError, TemplateError

__all__ = ["AmipError", "DataError", "RenderError", "TemplateError", "build", "check"]
__version__ = "0.1.0"

_COMMANDS = {"build": "amip.commands.build", "check": "amip.commands.validate"}


def __getattr__(name: str) -> Any:
    """Import the pipeline only when `build` or `check` is used, so `amip --help` starts fast."""
    if name in _COMMANDS:
        return getattr(importlib.import_module(_COMMANDS[name]), name)
    raise AttributeError(f"module 'amip' has no attribute {name!r}")
