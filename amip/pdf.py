"""Write the HTML as PDF with WeasyPrint; resources only from allowed folders; atomic replace."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from amip.conformance import Standards
from amip.errors import RenderError
from amip.output import atomic_file

LOGGER = logging.getLogger("amip")


def _fetcher_class():
    """A WeasyPrint URL fetcher that reads local files below the allowed roots and nothing else."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class RefusedResource(FatalURLFetchingError):
        """A resource outside the data set or the templates was requested."""

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self, roots: list[Path]):
            super().__init__(allowed_protocols={"file"})
            self.roots = [root.resolve() for root in roots]

        def fetch(self, url: str, headers: dict | None = None):
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise RefusedResource(f"„{url}“ wird nicht geladen: nur Dateien aus dem Datensatz sind erlaubt")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise RefusedResource(f"„{url}“ liegt außerhalb des Datensatzes und wird nicht geladen")
            return super().fetch(url, headers)

    return LocalOnlyFetcher, FatalURLFetchingError


def write_pdf(html: str, target: Path, base_dir: Path, roots: list[Path], standards: Standards = Standards()) -> None:
    """Lay out `html` and write the tagged PDF to `target`, replacing it only once the PDF is complete."""
    from weasyprint import HTML

    fetcher_class, fatal = _fetcher_class()
    try:
        with atomic_file(target) as stream:
            document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/",
                            url_fetcher=fetcher_class(roots)).render()
            document.write_pdf(stream, **standards.options())
    except fatal as error:
        raise RenderError(str(error.args[0] if error.args else error)) from None
    LOGGER.info("%s geschrieben (%d Seiten)", target, len(document.pages))
