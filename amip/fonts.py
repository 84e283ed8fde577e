"""Fonts: the data set's files in `schriften/` and the chosen family, checked with fontconfig as Pango sees them."""

from __future__ import annotations

import ctypes
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from amip.errors import RenderError
from amip.load import font_files
from amip.load.files import FONT_DIR

SAFE_NAME = re.compile(r"^[A-Za-z0-9 -]{1,60}$")
MATCH = 0
"""fontconfig's FcResultMatch."""
ITALIC = 100
"""fontconfig's FC_SLANT_ITALIC; oblique (110) counts as italic too."""


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


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


@functools.cache
def _fontconfig() -> ctypes.CDLL:
    """The fontconfig library Pango lays out with, its functions typed."""
    library = ctypes.CDLL("libfontconfig.so.1")
    pointer, text = ctypes.c_void_p, ctypes.c_char_p
    signatures = {
        "FcFreeTypeQuery": (pointer, [text, ctypes.c_uint, pointer, ctypes.POINTER(ctypes.c_int)]),
        "FcPatternGetString": (ctypes.c_int, [pointer, text, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]),
        "FcPatternGetInteger": (ctypes.c_int, [pointer, text, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]),
        "FcPatternGetDouble": (ctypes.c_int, [pointer, text, ctypes.c_int, ctypes.POINTER(ctypes.c_double)]),
        "FcWeightToOpenTypeDouble": (ctypes.c_double, [ctypes.c_double]),
        "FcPatternCreate": (pointer, []),
        "FcPatternAddString": (ctypes.c_int, [pointer, text, text]),
        "FcPatternDestroy": (None, [pointer]),
        "FcObjectSetCreate": (pointer, []),
        "FcObjectSetAdd": (ctypes.c_int, [pointer, text]),
        "FcObjectSetDestroy": (None, [pointer]),
        "FcFontList": (ctypes.POINTER(_FontSet), [pointer, pointer, pointer]),
        "FcFontSetDestroy": (None, [ctypes.POINTER(_FontSet)]),
    }
    for name, (result, arguments) in signatures.items():
        function = getattr(library, name)
        function.restype, function.argtypes = result, arguments
    return library


def data_set_fonts(data_dir: Path) -> list[FontFile]:
    """Every .ttf and .otf file in the data set's `schriften/` folder, in name order."""
    return [_read(relative, data_dir) for relative in font_files(data_dir)]


def _read(relative: str, data_dir: Path) -> FontFile:
    """Family, weight and style of one font file as fontconfig reads them; a German error if it cannot."""
    library = _fontconfig()
    count = ctypes.c_int(0)
    pattern = library.FcFreeTypeQuery(str(data_dir / relative).encode(), 0, None, ctypes.byref(count))
    if not pattern:
        raise RenderError(f"{relative}: keine lesbare Schriftdatei (TrueType oder OpenType)")
    try:
        family, weight, slant = ctypes.c_char_p(), ctypes.c_double(), ctypes.c_int()
        if library.FcPatternGetString(pattern, b"family", 0, ctypes.byref(family)) != MATCH or not family.value:
            raise RenderError(f"{relative}: die Schriftdatei nennt keine Schriftfamilie")
        name = family.value.decode("utf-8", errors="replace")
        if not SAFE_NAME.match(name):
            raise RenderError(f"{relative}: der Schriftname „{name}“ enthält unerlaubte Zeichen")
        if library.FcPatternGetDouble(pattern, b"weight", 0, ctypes.byref(weight)) != MATCH:
            weight.value = 80.0  # FC_WEIGHT_REGULAR
        library.FcPatternGetInteger(pattern, b"slant", 0, ctypes.byref(slant))
        opentype = round(library.FcWeightToOpenTypeDouble(weight.value)) or 400
        return FontFile(data_dir / relative, relative, name, opentype,
                        "italic" if slant.value >= ITALIC else "normal")
    finally:
        library.FcPatternDestroy(pattern)


def installed(family: str) -> bool:
    """Whether fontconfig knows a font of `family` on this machine (the fonts WeasyPrint can use)."""
    library = _fontconfig()
    pattern, objects = library.FcPatternCreate(), library.FcObjectSetCreate()
    try:
        library.FcPatternAddString(pattern, b"family", family.encode())
        library.FcObjectSetAdd(objects, b"family")
        found = library.FcFontList(None, pattern, objects)
        try:
            return bool(found) and found.contents.nfont > 0
        finally:
            if found:
                library.FcFontSetDestroy(found)
    finally:
        library.FcPatternDestroy(pattern)
        library.FcObjectSetDestroy(objects)


def require_font(family: str, fonts: Sequence[FontFile]) -> None:
    """Fail with a clear message unless `family` is a font of the data set or installed on this machine."""
    if any(font.family == family for font in fonts) or installed(family):
        return
    raise RenderError(f"gestaltung.yaml: schrift: die Schrift „{family}“ ist auf diesem Rechner nicht "
                      f"installiert und liegt nicht im Ordner {FONT_DIR}/ des Datensatzes; installieren "
                      "Sie sie, legen Sie die Schriftdateien dorthin oder wählen Sie eine andere.")


def register_for_charts(fonts: Sequence[FontFile]) -> None:
    """Make the data set's fonts known to matplotlib."""
    from matplotlib import font_manager

    for font in fonts:
        font_manager.fontManager.addfont(str(font.path))
