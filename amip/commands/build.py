"""`amip build`: the whole pipeline from a data set to the PDF."""

from __future__ import annotations

from pathlib import Path

from amip import TEMPLATE_DIR
from amip.commands.validate import Checked, check
from amip.fonts import FontFile
from amip.load.changes import Appendix, appendix_against
from amip.load.versions import Version
from amip.output import atomic_file
from amip.pdf.conformance import Standards
from amip.render import render_html
from amip.render.prose import data_uri
from amip.stamp import CACHE_DIR

FORMATS = ("pdf", "html")
"""What `amip build` writes: the print-ready PDF, or one self-contained web page."""


def build(data_dir: Path, output: Path, standards: Standards = Standards(), strict: bool = False,
          fmt: str = "pdf", previous: Version | None = None) -> Checked:
    """Load, validate, derive, draw, render and write `output` (PDF or HTML); the old file stays if any step fails.

    With `previous`, an earlier version, the program ends with the changes since then.
    """
    checked = check(data_dir, strict, render=False)
    appendix = appendix_against(previous, checked.raw) if previous else None
    fonts = checked.fonts
    cache = output.parent / CACHE_DIR
    if fmt == "html":
        _write_html(checked, data_dir, output, cache, fonts, appendix)
    else:
        _write_pdf(checked, data_dir, output, cache, fonts, appendix, standards)
    return checked


def _write_html(checked: Checked, data_dir: Path, output: Path, cache: Path, fonts: list[FontFile],
                appendix: Appendix | None) -> None:
    """One self-contained page: charts, images and logo inside it as data: addresses."""
    from amip.charts import chart_files

    files = chart_files(checked.figures.charts, checked.program.gestaltung, cache / "diagramme", fonts)
    html = render_html(checked.program, checked.figures, checked.raw.texts, data_dir,
                       {name: data_uri(path) for name, path in files.items()}, embed=True, appendix=appendix)
    with atomic_file(output) as stream:
        stream.write(html.encode("utf-8"))


def _write_pdf(checked: Checked, data_dir: Path, output: Path, cache: Path, fonts: list[FontFile],
               appendix: Appendix | None, standards: Standards) -> None:
    """The PDF; missing charts are drawn by a second process meanwhile, WeasyPrint waits for them before layout."""
    from amip.charts import draw_missing, planned_chart_files
    from amip.commands.background import meanwhile
    from amip.pdf import write_pdf
    from amip.pdf.hyphenation import preload

    charts, theme, chart_dir = checked.figures.charts, checked.program.gestaltung, cache / "diagramme"
    files = planned_chart_files(charts, theme, chart_dir, fonts)
    drawn = meanwhile(lambda: draw_missing(charts, theme, files, fonts)) \
        if not all(path.exists() for path in files.values()) else lambda: None
    preload(cache / "silbentrennung")
    html = render_html(checked.program, checked.figures, checked.raw.texts, data_dir,
                       {name: path.resolve().as_uri() for name, path in files.items()}, fonts, appendix=appendix)
    write_pdf(html, output, data_dir, own=[TEMPLATE_DIR, chart_dir], standards=standards, before_layout=drawn)
