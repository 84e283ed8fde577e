"""Write the HTML as PDF with WeasyPrint; resources only from allowed folders; atomic replace."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

from amip.errors import RenderError
from amip.load.files import Refused, data_set_image
from amip.output import atomic_file
from amip.pdf.conformance import Standards
from amip.pdf.tags import tagging

LOGGER = logging.getLogger("amip")


def _fetcher_class():
    """A WeasyPrint URL fetcher that reads local files below the allowed roots and nothing else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class RefusedResource(FatalURLFetchingError):
        """A resource outside the data set or the templates was requested."""

    class LocalOnlyFetcher(URLFetcher):
        """Files of amip's own folders as they are; files of the data set only as the loaders would read them."""

        def __init__(self, data_dir: Path, own: list[Path]):
            super().__init__(allowed_protocols={"file"})
            self.data_dir = data_dir.resolve()
            self.own = [root.resolve() for root in own]
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict | None = None):
            parts = urlsplit(url)
            if parts.scheme != "file":
                self._refuse(f"„{url[:80]}“ wird nicht geladen: nur Dateien aus dem Datensatz sind erlaubt")
            path = Path(unquote(parts.path))
            if not any(path.resolve().is_relative_to(root) for root in self.own):
                if not path.is_relative_to(self.data_dir):
                    self._refuse(f"„{url}“ liegt außerhalb des Datensatzes und wird nicht geladen")
                relative = path.relative_to(self.data_dir).as_posix()
                try:
                    data_set_image(self.data_dir, relative)
                except Refused as refused:
                    self._refuse(f"„{relative}“ wird nicht geladen: {refused.reason}")
            return super().fetch(url, headers)

        def _refuse(self, message: str) -> None:
            """Remember the refusal (WeasyPrint skips some failed resources silently) and stop the fetch."""
            self.refused.append(message)
            raise RefusedResource(message)

    return LocalOnlyFetcher, FatalURLFetchingError


def _import_weasyprint() -> ModuleType:
    """Import WeasyPrint without its slow library search where the shared libraries load by their file names.

    WeasyPrint tries several names per library (Pango, HarfBuzz, …); for each name that is not a
    file, cffi asks ctypes.util.find_library, which starts ldconfig and gcc (about 50 processes,
    0.2 s). On Linux the names ending in .so.0 load directly, so the search is skipped; where that
    fails, WeasyPrint is imported again the normal way.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        return importlib.import_module("weasyprint")
    except OSError:
        for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    return importlib.import_module("weasyprint")


def write_pdf(html: str, target: Path, data_dir: Path, own: list[Path], standards: Standards = Standards(),
              before_layout: Callable[[], None] = lambda: None) -> None:
    """Lay out `html` and write the tagged PDF to `target`, replacing it only once the PDF is complete.

    Relative addresses lead into `data_dir`, whose files are checked as images are (no links, bounded
    size and pixels); amip's `own` folders (templates, charts) are read as they are; nothing else.
    `before_layout` runs once WeasyPrint is loaded and the HTML parsed, before any image is read.
    """
    HTML = _import_weasyprint().HTML

    fetcher_class, fatal = _fetcher_class()
    fetcher = fetcher_class(data_dir, own)
    failures = _Failures()
    engine_log = logging.getLogger("weasyprint")
    engine_log.addHandler(failures)
    try:
        with atomic_file(target) as stream:
            parsed = HTML(string=html, base_url=data_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
            before_layout()
            document = parsed.render()
            failures.check(fetcher.refused)
            with tagging(document):
                document.write_pdf(stream, **standards.options())
            failures.check(fetcher.refused)
    except fatal as error:
        raise RenderError(str(error.args[0] if error.args else error)) from None
    finally:
        engine_log.removeHandler(failures)
    LOGGER.info("%s geschrieben (%d Seiten)", target, len(document.pages))


class _Failures(logging.Handler):
    """Collects what WeasyPrint reports as an error (an image it could not load or draw) while it lays out."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(_german(record.getMessage()))

    def check(self, refused: list[str]) -> None:
        """Stop the build (the old PDF stays) if a resource was refused or could not be used."""
        if refused or self.messages:
            raise RenderError("; ".join(dict.fromkeys(refused + self.messages)))


def _german(message: str) -> str:
    """WeasyPrint's error in German where amip knows it."""
    for english, german in (("Failed to render SVG image", "das SVG-Bild lässt sich nicht darstellen:"),
                            ("Failed to load image at", "das Bild lässt sich nicht laden:")):
        if message.startswith(english):
            return message.replace(english, german, 1).split(" (")[0]
    return message
