"""`amip build`: the whole pipeline from a data set to the PDF."""

from __future__ import annotations

from pathlib import Path

from amip.commands.validate import Checked, check
from amip.render import TEMPLATE_DIR, render_html


def build(data_dir: Path, output: Path) -> Checked:
    """Load, validate, derive, render and write `output`; the old PDF stays if any step fails."""
    from amip.pdf import write_pdf

    checked = check(data_dir)
    html = render_html(checked.program, checked.figures, checked.raw.texts, data_dir)
    write_pdf(html, output, base_dir=data_dir, roots=[data_dir, TEMPLATE_DIR])
    return checked
