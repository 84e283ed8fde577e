"""Files of a data set as amip may read them: regular files inside it, of bounded size, images judged by their header."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath

FONT_DIR = "schriften"
OUTPUT_DIR = "output"
"""A data set's own output folder: amip may write there and never reads from it."""
MAX_FILE_BYTES = 2_000_000
"""The largest YAML or Markdown file; in YAML the marks !offen do not count, so rollover never pushes a file over."""
MAX_RESOURCE_BYTES = 25_000_000
"""The largest image or font file."""
MAX_IMAGE_PIXELS = 30_000_000
"""The most pixels a raster image may have, checked before it is decoded: a 30-megapixel photo (6700 × 4470).

A whole A4 page at 300 dpi needs 8.7 million; an image at the limit takes a build to about 400 MB.
"""
RASTER_FORMATS = ("PNG", "JPEG", "MPO", "GIF", "WEBP")
"""The raster formats an image may have; others (EPS and the like) would start programs to decode them."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file checked to be regular; opened so that a link or pipe put there meanwhile fails."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise Refused(LINK if error.errno == errno.ELOOP else UNREADABLE) from None
    with open(handle, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise Refused(_special(mode))
        return stream.read(limit + 1)


class Refused(Exception):
    """A file of the data set that amip does not read, and why, in German to follow the file's name."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotInDataSet(Refused):
    """The path names no file inside the data set: there is none, or it leads out of the data set."""

    def __init__(self) -> None:
        super().__init__("gibt es nicht im Datensatz (oder liegt außerhalb)")


class TooBig(Refused):
    """The file is larger than amip reads of its kind."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"ist größer als {limit // 1_000_000} MB")


LINK = ("ist keine gewöhnliche Datei, sondern eine Verknüpfung; amip folgt keinen Verknüpfungen – bitte die "
        "Datei selbst in den Datensatz legen")
FOLDER_LINK = ("ist eine Verknüpfung; amip folgt keinen Verknüpfungen – bitte den Ordner selbst in den Datensatz "
               "legen")
UNREADABLE = "lässt sich nicht lesen (fehlt die Leseberechtigung?)"


def data_set_file(root: Path, relative: str, max_bytes: int = MAX_RESOURCE_BYTES) -> Path:
    """The regular file `relative` names inside the data set, checked by its type and size before anything reads it.

    Links are never followed, not even to a file inside the data set: a data set travels by copy, mail
    and git, where links break or lead elsewhere, and what a link points to can change between check
    and use. Pipes and devices are refused by their type, without being opened.
    """
    path, status = _walk(root, relative)
    if stat.S_ISLNK(status.st_mode):
        raise Refused(LINK)
    if stat.S_ISDIR(status.st_mode):
        raise Refused("ist ein Ordner, keine Datei")
    if not stat.S_ISREG(status.st_mode):
        raise Refused(_special(status.st_mode))
    if status.st_size > max_bytes:
        raise TooBig(max_bytes)
    return path


def data_set_folder(root: Path, relative: str) -> Path | None:
    """The folder `relative` names inside the data set, None if there is none; a link or a file there is refused."""
    try:
        path, status = _walk(root, relative)
    except NotInDataSet:
        return None
    if stat.S_ISLNK(status.st_mode):
        raise Refused(FOLDER_LINK)
    if not stat.S_ISDIR(status.st_mode):
        raise Refused("ist kein Ordner, sondern eine Datei")
    return path


def data_set_image(root: Path, relative: str) -> Path:
    """An image file of the data set: SVG, or PNG, JPEG, GIF or WebP of bounded pixels, judged by its header."""
    path = data_set_file(root, relative)
    check_raster_image(path)
    return path


def check_raster_image(path: Path) -> None:
    """Refuse a raster image of another format or with too many pixels; read only its header, never decode it.

    Files Pillow does not recognise (SVG, fonts, stylesheets) pass: they are no raster images.
    """
    from PIL import Image, UnidentifiedImageError

    from amip.filters import zahl

    bomb_check, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # amip's own limit applies, with a message
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return
    finally:
        Image.MAX_IMAGE_PIXELS = bomb_check
    if kind not in RASTER_FORMATS:
        raise Refused(f"ist ein Bild im Format {kind}; erlaubt sind PNG, JPEG, GIF, WebP und SVG")
    if width * height > MAX_IMAGE_PIXELS:
        raise Refused(f"hat {zahl(width)} × {zahl(height)} Pixel, mehr als die erlaubten "
                      f"{MAX_IMAGE_PIXELS // 1_000_000} Millionen; bitte verkleinern (für den Druck genügen "
                      "300 dpi, etwa 2500 × 3500 Pixel für eine ganze Seite)")


def _walk(root: Path, relative: str) -> tuple[Path, os.stat_result]:
    """The path `relative` names below `root` and its own status (a link not followed); no link on the way."""
    parts = PurePosixPath(relative).parts
    if parts[:1] in (("/",), (OUTPUT_DIR,)) or ".." in parts:
        raise NotInDataSet()
    try:
        path, status = root, os.stat(root)
    except OSError:
        raise NotInDataSet() from None
    for index, part in enumerate(parts):
        if stat.S_ISLNK(status.st_mode):
            raise Refused(f"liegt im Ordner „{'/'.join(parts[:index])}“, und der {FOLDER_LINK}")
        if not stat.S_ISDIR(status.st_mode):
            raise NotInDataSet()
        path = path / part
        try:
            status = os.lstat(path)
        except (OSError, ValueError):
            raise NotInDataSet() from None
    return path, status


def _special(mode: int) -> str:
    kind = ("eine Pipe (FIFO)" if stat.S_ISFIFO(mode) else "ein Socket" if stat.S_ISSOCK(mode) else "ein Gerät")
    return f"ist keine gewöhnliche Datei, sondern {kind}; bitte durch eine echte Datei ersetzen"
