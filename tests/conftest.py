"""Shared fixtures: the example PDF built once per session, copies of small data sets, the audit recorder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from audit import RECORDER, Recorder
from pdftext import pdf_pages

from amip import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "elbe-elster-2017"
MUSTERLAND = ROOT / "data" / "musterland-2025-2026"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _built(data: Path, factory: pytest.TempPathFactory) -> Path:
    """`data` built into a fresh session directory as NAME.pdf."""
    target = factory.mktemp("pdf") / f"{data.name}.pdf"
    build(data, target)
    return target


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(EXAMPLE, tmp_path_factory)


@pytest.fixture(scope="session")
def musterland_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second example (a zkT, 2025/2026, invented figures), built once."""
    return _built(MUSTERLAND, tmp_path_factory)


@pytest.fixture(scope="session")
def example_pages(example_pdf: Path) -> list[str]:
    """The text of every page of the example PDF, normalized."""
    return pdf_pages(example_pdf)


@pytest.fixture(scope="session")
def musterland_pages(musterland_pdf: Path) -> list[str]:
    return pdf_pages(musterland_pdf)


@pytest.fixture
def klein(tmp_path: Path) -> Path:
    """A writable copy of the smallest complete data set."""
    target = tmp_path / "klein"
    shutil.copytree(FIXTURES / "klein", target)
    return target


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    """The audit recorder, switched on by each command; libraries are imported first (WeasyPrint probes once)."""
    import matplotlib.font_manager  # noqa: F401
    import weasyprint  # noqa: F401

    RECORDER.seen.clear()
    yield RECORDER
    RECORDER.active = False
