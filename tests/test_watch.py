"""`amip watch`: rebuild on every save, one line each, errors shown without stopping; the preview on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from datasets import replace_in
from pdftext import pdf_text
from watchfiles import Change

from amip.cli import main
from amip.commands.batch import Outcome, Result
from amip.commands.preview import PreviewServer, Status, serving, with_bar
from amip.commands.watch import Rebuild, Watched, describe, rebuild, relevant_changes, watch

T = TypeVar("T")
TEXT = "Im Jahr 2024 stehen 450.000 € für Eingliederung bereit."
NEW_TEXT = "Für das Jahr 2024 stehen 450.000 € für Eingliederung bereit."
LINE = re.compile(r"\d\d:\d\d:\d\d  klein: ")


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET request sent as it is (no client-side clean-up of the path)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host} if host else {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def page(server: PreviewServer) -> str:
    status, content_type, body = get(server, "/")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    return body.decode("utf-8").replace("\u00a0", " ")


def stand(server: PreviewServer) -> dict[str, Any]:
    status, content_type, body = get(server, "/_amip/stand")
    assert (status, content_type) == (200, "application/json")
    answer: dict[str, Any] = json.loads(body)
    return answer


def until(condition: Callable[[], T | None], what: str, timeout: float = 90) -> T:
    """Poll `condition` until it gives something true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"nach {timeout} s nicht eingetreten: {what}")


def finished_after(server: PreviewServer, count: int) -> Callable[[], dict[str, Any] | None]:
    """A condition: a round of builds newer than `count` has ended (the PDF is no longer due)."""
    def finished() -> dict[str, Any] | None:
        current = stand(server)
        return current if current["stand"] > count and not current["pdf_im_bau"] else None
    return finished


@pytest.fixture
def preview(klein: Path, tmp_path: Path) -> Iterator[tuple[Watched, PreviewServer]]:
    """The preview of `klein` on a free port, its output in tmp_path/output."""
    watched = Watched.into(klein, tmp_path / "output", strict=False)
    with serving(watched.html, watched.pdf, 0) as server:
        yield watched, server


def test_preview_serves_the_page_with_bar_the_pdf_and_the_status(preview: tuple[Watched, PreviewServer]) -> None:
    watched, server = preview
    done = rebuild(watched, server.publish)
    assert done.html.outcome is done.pdf.outcome is Outcome.built  # type: ignore[union-attr]
    html = page(server)
    assert TEXT in html
    assert '<a href="/klein.pdf" style="color:inherit">PDF öffnen</a>' in html
    assert f"gebaut um {done.time}" in html
    assert 'var stand = 2;' in html and 'fetch("/_amip/stand", {cache: "no-store"})' in html
    assert html.index('<div id="amip-vorschau"') == html.index("<body>") + len("<body>")
    status, content_type, pdf = get(server, "/klein.pdf")
    assert (status, content_type) == (200, "application/pdf") and pdf.startswith(b"%PDF")
    assert pdf == watched.pdf.read_bytes()
    assert stand(server) == {"stand": 2, "zeit": done.time, "ok": True, "pdf_im_bau": False, "fehler": [],
                             "warnungen": []}


def test_preview_answers_three_addresses_only_on_loopback(preview: tuple[Watched, PreviewServer]) -> None:
    watched, server = preview
    watched.html.parent.mkdir()
    watched.html.write_text("<html><body>Seite</body></html>", encoding="utf-8")
    (watched.html.parent / "geheim.txt").write_text("geheim", encoding="utf-8")
    assert server.socket.getsockname()[0] == "127.0.0.1"
    for path in ("/klein.html", "/geheim.txt", "/../klein.pdf", "/%2e%2e/klein.pdf", "/output/klein.html",
                 "/klein.pdf/../geheim.txt", "//etc/passwd", "/_amip/", "/index.html"):
        assert get(server, path)[::2] == (404, b"Nicht gefunden."), path
    assert get(server, "/klein.pdf")[::2] == (404, "Das PDF ist noch nicht gebaut.".encode())
    assert get(server, "/", host="angreifer.example:80")[0] == 421  # DNS rebinding gets nothing
    assert get(server, "/", host=f"localhost:{server.port}")[0] == 200
    assert "Seite" in page(server)


def test_bar_shows_errors_escaped_and_the_file_stays_as_built() -> None:
    status = Status("14:03:05", errors=("texte/a.md:3  <script>alert(1)</script>",), warnings=("eins", "zwei"))
    html = with_bar('<html lang="de-DE"><body class="x">Text</body></html>', 7, status, "/mein%20jc.pdf")
    assert html.startswith('<html lang="de-DE"><body class="x"><div id="amip-vorschau"')
    assert "texte/a.md:3  &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Fehler – die Vorschau zeigt den letzten guten Stand" in html and "2 Warnungen" in html
    assert '<a href="/mein%20jc.pdf"' in html and "var stand = 7;" in html
    assert with_bar("nur Text", 1, Status(), "/a.pdf").endswith("</script>\nnur Text")


def test_watch_rebuilds_on_every_save_and_survives_bad_data(preview: tuple[Watched, PreviewServer],
                                                            tmp_path: Path) -> None:
    watched, server = preview
    lines: list[str] = []
    stop = threading.Event()
    loop = threading.Thread(target=watch, args=(watched, stop, lines.append, server.publish))
    loop.start()
    try:
        first = until(finished_after(server, 0), "der erste Bau")
        assert first["ok"] and TEXT in page(server)

        replace_in(watched.data_dir / "texte" / "einleitung.md", "Im Jahr", "Für das Jahr")
        saved = until(finished_after(server, first["stand"]), "der Bau nach dem Speichern")
        assert saved["ok"] and NEW_TEXT in page(server)
        assert NEW_TEXT in pdf_text(watched.pdf)

        replace_in(watched.data_dir / "programm.yaml", "jahr: 2024", "jahr: zwölf")
        broken = until(lambda: (current := stand(server))["fehler"] and current, "die Meldung des Fehlers")
        assert not broken["ok"] and broken["fehler"] == [
            "Der Datensatz enthält einen Fehler:",
            "  programm.yaml:2:1  jahr: erwartet ein Jahr (2017) oder zwei aufeinanderfolgende Jahre (2019/2020), "
            "gefunden „zwölf“"]
        shown = page(server)
        assert NEW_TEXT in shown and "gefunden „zwölf“" in shown  # the last good page, with the error above it
        assert loop.is_alive()

        replace_in(watched.data_dir / "programm.yaml", "jahr: zwölf", "jahr: 2024")
        fixed = until(finished_after(server, broken["stand"]), "der Bau nach der Korrektur")
        assert fixed["ok"] and "zwölf" not in page(server)
    finally:
        stop.set()
        loop.join(timeout=60)
    assert not loop.is_alive()
    written = watched.html.read_text(encoding="utf-8")
    assert NEW_TEXT in written.replace("\u00a0", " ")
    assert "amip-vorschau" not in written and "_amip" not in written and "<script" not in written
    assert re.fullmatch(LINE.pattern + r"HTML \d+,\d s, PDF \d+,\d s", lines[0]), lines
    error = next(index for index, line in enumerate(lines) if "Fehler" in line)
    assert re.fullmatch(LINE.pattern + r"Fehler nach \d+,\d s, HTML und PDF bleiben wie zuvor:", lines[error])
    assert lines[error + 1:error + 3] == ["  " + line for line in broken["fehler"]]
    assert re.fullmatch(LINE.pattern + "HTML unverändert, PDF unverändert", lines[-1])  # as built before the error


def test_describe_counts_warnings_and_lists_them_when_they_change(tmp_path: Path) -> None:
    def result(suffix: str, outcome: Outcome, warnings: list[str], error: list[str] | None = None) -> Result:
        return Result(tmp_path, tmp_path / f"klein.{suffix}", outcome, 2.94, warnings, error or [])

    warned = Rebuild("14:03:05", result("html", Outcome.built, ["a", "b"]),
                     result("pdf", Outcome.unchanged, ["a", "b"]))
    assert describe("klein", warned, []) == ["14:03:05  klein: HTML 2,9 s, PDF unverändert, 2 Warnungen",
                                             "  Warnung: a", "  Warnung: b"]
    assert describe("klein", warned, ["a", "b"]) == ["14:03:05  klein: HTML 2,9 s, PDF unverändert, 2 Warnungen"]
    pdf_failed = Rebuild("14:03:09", result("html", Outcome.built, []),
                         result("pdf", Outcome.failed, [], ["Fehler: das PDF ging nicht"]))
    assert describe("klein", pdf_failed, []) == [
        "14:03:09  klein: HTML 2,9 s, Fehler nach 2,9 s, das PDF bleibt wie zuvor:", "  Fehler: das PDF ging nicht"]
    assert pdf_failed.status() == Status("14:03:09", errors=("Fehler: das PDF ging nicht",))


def test_what_the_build_writes_does_not_count_as_a_change(klein: Path) -> None:
    watched = Watched.into(klein, klein / "output", strict=False)
    counts = relevant_changes(watched)
    assert counts(Change.modified, str(klein.resolve() / "texte" / "einleitung.md"))
    assert not counts(Change.modified, str(klein.resolve() / "output" / "klein.html"))
    assert not counts(Change.added, str(klein.resolve() / "output" / ".amip-cache" / "klein.pdf.json"))
    assert not counts(Change.modified, str(klein.resolve() / "texte" / ".einleitung.md.swp"))


@pytest.mark.parametrize("options", [[], ["--ohne-vorschau"]], ids=["vorschau", "ohne-vorschau"])
def test_ctrl_c_ends_watch_cleanly(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch, options: list[str]) -> None:
    seen: list[tuple[Watched, object]] = []

    def interrupted(watched: Watched, stop: threading.Event, say: object, publish: object) -> None:
        seen.append((watched, publish))
        raise KeyboardInterrupt

    monkeypatch.setattr("amip.commands.watch.watch", interrupted)
    monkeypatch.chdir(tmp_path)
    assert main(["watch", str(klein), "--port", "0", *options]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Beendet."
    assert seen[0][0] == Watched(klein, Path("output/klein.html"), Path("output/klein.pdf"), False)
    if options:
        assert out[0] == f"Beobachte {klein} (Beenden mit Strg+C)"
        return
    address = re.fullmatch(r"Vorschau: http://127\.0\.0\.1:(\d+)/ \(Beenden mit Strg\+C\)", out[0])
    assert address
    assert isinstance(getattr(seen[0][1], "__self__"), PreviewServer)
    with pytest.raises(ConnectionRefusedError):  # the server is closed
        socket.create_connection(("127.0.0.1", int(address.group(1))), timeout=10).close()


def test_busy_port_is_a_clean_error(klein: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["watch", str(klein), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err == (f"Fehler: Die Vorschau kann Port {port} nicht öffnen: er ist schon belegt. Mit --port wählen Sie "
                   "einen anderen, mit --port 0 einen freien.\n")
    assert not (tmp_path / "output").exists()


def test_watch_help_is_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Aufruf: amip watch [OPTIONEN] [DATENVERZEICHNIS]" in out
    assert "Baut Webseite und PDF bei jedem Speichern neu" in out
    assert "--ohne-vorschau" in out and "Port der Vorschau auf 127.0.0.1" in out
    assert main(["watch", "--port", "70000"]) == 2
    assert "Ungültiger Wert für '--port': 70000 ist kein Port: erlaubt ist 0 bis 65535." in capsys.readouterr().err
    assert main(["watch", "--port", "acht"]) == 2
    assert "Ungültiger Wert für '--port': „acht“ ist keine ganze Zahl." in capsys.readouterr().err
