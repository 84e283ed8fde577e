"""The preview of `amip watch`: the latest good web page with a status bar that reloads itself, and the PDF."""

from __future__ import annotations

import errno
import json
import logging
import re
import socketserver
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from amip.errors import PreviewError

HOST = "127.0.0.1"
"""The preview listens on the loopback interface only: no other machine can reach it."""

STATUS_PATH = "/_amip/stand"
"""Where the page asks, once a second, whether a newer build is there."""

PORT_PROBLEMS = {errno.EADDRINUSE: "er ist schon belegt", errno.EACCES: "dazu fehlt die Berechtigung"}

EMPTY_PAGE = ('<!DOCTYPE html>\n<html lang="de-DE">\n<head><meta charset="utf-8"><title>Vorschau</title></head>\n'
              "<body>\n<p>Noch keine Webseite gebaut.</p>\n</body>\n</html>\n")
"""Shown until the first build of the web page succeeds."""

BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)

RELOAD_SCRIPT = """<script>
(function () {
  var stand = %d;
  setInterval(function () {
    fetch("%s", {cache: "no-store"})
      .then(function (antwort) { return antwort.json(); })
      .then(function (neu) { if (neu.stand !== stand) { location.reload(); } })
      .catch(function () {});
  }, 1000);
})();
</script>
"""

BAR_STYLE = ("position:sticky;top:0;z-index:2147483647;margin:0 0 1em;padding:.5em 1em;"
             "font:14px/1.4 sans-serif;color:#fff;background:{background}")

logger = logging.getLogger("amip")


@dataclass(frozen=True)
class Status:
    """What the last build left for the preview: when it ended, its errors and warnings, whether the PDF is due."""

    time: str = ""
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pdf_pending: bool = False


class PreviewServer(ThreadingHTTPServer):
    """Serves one data set's latest web page, its PDF and the build status on 127.0.0.1; nothing else."""

    daemon_threads = True

    def __init__(self, html: Path, pdf: Path, port: int) -> None:
        try:
            super().__init__((HOST, port), PreviewHandler)
        except OSError as error:
            problem = PORT_PROBLEMS.get(error.errno or 0, error.strerror or str(error))
            raise PreviewError(f"Die Vorschau kann Port {port} nicht öffnen: {problem}. Mit --port wählen Sie "
                               "einen anderen, mit --port 0 einen freien.") from error
        self.html = html
        self.pdf = pdf
        self.pdf_href = "/" + quote(pdf.name)
        self._lock = threading.Lock()
        self._count = 0
        self._status = Status()

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse lookup of the host name, which could ask a DNS server."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.port

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def address(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def publish(self, status: Status) -> None:
        """Show `status` from now on; open pages notice the new count and reload."""
        with self._lock:
            self._count += 1
            self._status = status

    def current(self) -> tuple[int, Status]:
        """How many statuses were published, and the last one."""
        with self._lock:
            return self._count, self._status


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers exactly three addresses; URL paths are never mapped to files."""

    server: PreviewServer

    def do_GET(self) -> None:
        routes: dict[str, Callable[[], None]] = {"/": self._page, STATUS_PATH: self._status,
                                                  self.server.pdf_href: self._pdf}
        if self.headers.get("Host") not in (f"{HOST}:{self.server.port}", f"localhost:{self.server.port}"):
            self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8", "Falsche Adresse.".encode())
            return
        routes.get(quote(unquote(urlsplit(self.path).path)), self._not_found)()

    def log_message(self, format: str, *args: object) -> None:
        """Requests go to the debug log, not the terminal: one line per rebuild is all `watch` prints."""
        logger.debug("Vorschau: " + format, *args)

    def _page(self) -> None:
        count, status = self.server.current()
        try:
            page = self.server.html.read_text(encoding="utf-8")
        except OSError:
            page = EMPTY_PAGE
        self._send(HTTPStatus.OK, "text/html; charset=utf-8",
                   with_bar(page, count, status, self.server.pdf_href).encode("utf-8"))

    def _status(self) -> None:
        self._send(HTTPStatus.OK, "application/json", status_json(*self.server.current()))

    def _pdf(self) -> None:
        try:
            content = self.server.pdf.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", "Das PDF ist noch nicht gebaut.".encode())
            return
        self._send(HTTPStatus.OK, "application/pdf", content)

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", "Nicht gefunden.".encode())

    def _send(self, code: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def status_json(count: int, status: Status) -> bytes:
    """The answer at /_amip/stand: the count of builds the preview has seen and how the last one ended."""
    return json.dumps({"stand": count, "zeit": status.time, "ok": not status.errors,
                       "pdf_im_bau": status.pdf_pending, "fehler": list(status.errors),
                       "warnungen": list(status.warnings)}, ensure_ascii=False).encode("utf-8")


def with_bar(page: str, count: int, status: Status, pdf_href: str) -> str:
    """`page` with the preview bar and the reload script right after its <body> tag (the file stays as built)."""
    body = BODY_TAG.search(page)
    at = body.end() if body else 0
    return page[:at] + _bar(status, pdf_href) + RELOAD_SCRIPT % (count, STATUS_PATH) + page[at:]


def _bar(status: Status, pdf_href: str) -> str:
    """The status bar: time of the last build, the PDF link, warnings, and the errors of a failed build."""
    built = f"gebaut um {status.time}" if status.time else "der erste Bau läuft …"
    pdf = " (das neue PDF wird gebaut …)" if status.pdf_pending else ""
    parts = [f"<strong>Vorschau</strong> {built} · <a href=\"{escape(pdf_href)}\" style=\"color:inherit\">"
             f"PDF öffnen</a>{pdf}"]
    if status.warnings:
        parts.append(_listed(warning_count(status.warnings), status.warnings))
    if status.errors:
        parts.append(_listed("Fehler – die Vorschau zeigt den letzten guten Stand", status.errors))
    background = "#8B1A1A" if status.errors else "#1B3D5C"
    return (f'<div id="amip-vorschau" role="status" style="{BAR_STYLE.format(background=background)}">\n'
            + "\n".join(parts) + "\n</div>\n")


def warning_count(warnings: Sequence[str]) -> str:
    """„1 Warnung“, „2 Warnungen“."""
    return f"{len(warnings)} Warnung{'en' if len(warnings) > 1 else ''}"


def _listed(heading: str, lines: tuple[str, ...]) -> str:
    return (f'<details open><summary>{escape(heading)}</summary><pre style="white-space:pre-wrap;margin:0">'
            + escape("\n".join(lines)) + "</pre></details>")


@contextmanager
def serving(html: Path, pdf: Path, port: int) -> Iterator[PreviewServer]:
    """The preview, answering in a background thread while the block runs (port 0: any free port)."""
    server = PreviewServer(html, pdf, port)
    thread = threading.Thread(target=server.serve_forever, name="amip-vorschau", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
