"""Font files a data set brings in `schriften/`: @font-face rules for the PDF, registration for the charts."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from amip.errors import RenderError
from amip.load import FONT_DIR, font_files

SAFE_NAME = re.compile(r"^[A-Za-z0-9 -]{1,60}$")


@dataclass(frozen=True)
class FontFile:
    """One font file of the data set with the family, weight and style it declares."""

    path: Path
    url: str
    family: str
    weight: int
    style: str

    @property
    def digest(self) -> str:
        """The file's content hash, so charts are redrawn when a font file changes."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def data_set_fonts(data_dir: Path) -> list[FontFile]:
    """Every .ttf and .otf file in the data set's `schriften/` folder, in name order."""
    return [_read(relative, data_dir) for relative in font_files(data_dir)]


def _read(relative: str, data_dir: Path) -> FontFile:
    from matplotlib import font_manager, ft2font

    path = data_dir / relative
    try:
        properties = font_manager.ttfFontProperty(ft2font.FT2Font(str(path)))
    except (OSError, RuntimeError, ValueError):
        raise RenderError(f"{relative}: keine lesbare Schriftdatei (TrueType oder OpenType)") from None
    if not SAFE_NAME.match(properties.name):
        raise RenderError(f"{relative}: der Schriftname „{properties.name}“ enthält unerlaubte Zeichen")
    weight = properties.weight if isinstance(properties.weight, int) else 400
    return FontFile(path, relative, properties.name, weight, "italic" if properties.style != "normal" else "normal")


def require_font(family: str, fonts: Sequence[FontFile], cache_dir: Path) -> None:
    """Fail with a clear message unless `family` is a font of the data set or installed on this machine.

    A family once found is noted in `cache_dir`, so rebuilds need not load matplotlib's font list.
    """
    noted = cache_dir / f"{hashlib.sha256(family.encode()).hexdigest()[:16]}.gefunden"
    if any(font.family == family for font in fonts) or noted.exists():
        return
    from matplotlib import font_manager

    try:
        font_manager.findfont(family, fallback_to_default=False)
    except ValueError:
        raise RenderError(f"gestaltung.yaml: schrift: die Schrift „{family}“ ist auf diesem Rechner nicht "
                          f"installiert und liegt nicht im Ordner {FONT_DIR}/ des Datensatzes; installieren "
                          "Sie sie, legen Sie die Schriftdateien dorthin oder wählen Sie eine andere.") from None
    noted.parent.mkdir(parents=True, exist_ok=True)
    noted.write_text(family, encoding="utf-8")


def register_for_charts(fonts: Sequence[FontFile]) -> None:
    """Make the data set's fonts known to matplotlib."""
    from matplotlib import font_manager

    for font in fonts:
        font_manager.fontManager.addfont(str(font.path))
