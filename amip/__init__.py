"""amip: the Arbeitsmarkt- und Integrationsprogramm of a Jobcenter, from YAML to a print-ready PDF.

Public API: `build` (data set → PDF), `check` (load, validate and derive without writing),
and the exceptions `AmipError`, `DataError`, `TemplateError`, `RenderError`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from amip.errors import AmipError, DataError, RenderError, TemplateError

__all__ = ["AmipError", "DataError", "RenderError", "TemplateError", "build", "check"]
__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = next(path for path in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates") if path.is_dir())
"""The built-in templates: inside the package when installed as a wheel, beside it in a clone."""

_COMMANDS = {"build": "amip.commands.build", "check": "amip.commands.validate"}


def __getattr__(name: str) -> Any:
    """Import the pipeline only when `build` or `check` is used, so `amip --help` starts fast."""
    if name in _COMMANDS:
        return getattr(importlib.import_module(_COMMANDS[name]), name)
    raise AttributeError(f"module 'amip' has no attribute {name!r}")
