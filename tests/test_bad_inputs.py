"""The corpus of malformed and hostile data sets: each fails cleanly, with its message, touching nothing."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from amip.cli import main
from amip.render import ProseRenderer

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
KLEIN = Path(__file__).resolve().parent / "fixtures" / "klein"
CASES = sorted(path for path in CORPUS.iterdir() if path.is_dir())
GOOD_PDF = b"%PDF-1.7 das letzte gute PDF\n"
FORBIDDEN_EVENTS = ("socket.", "http.", "subprocess.", "os.system", "os.exec", "os.posix_spawn",
                    "os.spawn", "os.fork", "pty.", "ftplib.", "smtplib.", "webbrowser.")


class Recorder:
    """Audit hook: what a build did that it must not (network, processes, files outside the data set)."""

    def __init__(self) -> None:
        self.forbidden_files: set[str] = set()
        self.active = False
        self.seen: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event.startswith(FORBIDDEN_EVENTS):
            self.seen.append(event)
        elif event == "urllib.Request" and not str(args[0]).startswith("file:"):
            self.seen.append(f"{event} {args[0]}")
        elif event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, Path)):
            if str(Path(args[0]).resolve()) in self.forbidden_files:
                self.seen.append(f"{event} {args[0]}")


RECORDER = Recorder()
sys.addaudithook(RECORDER)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    """The audit recorder, switched on; libraries are imported first (WeasyPrint probes with ldconfig once)."""
    import matplotlib.font_manager  # noqa: F401
    import weasyprint  # noqa: F401

    RECORDER.seen.clear()
    RECORDER.active = True
    yield RECORDER
    RECORDER.active = False


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


def _data_set(case: Path, target: Path) -> tuple[Path, dict[str, Any]]:
    """klein with the case's files laid over it and its removals applied."""
    spec = yaml.safe_load((case / "fall.yaml").read_text(encoding="utf-8"))
    shutil.copytree(KLEIN, target)
    for path in sorted(case.rglob("*")):
        destination = target / path.relative_to(case)
        if path.is_dir() and not path.is_symlink():
            destination.mkdir(exist_ok=True)
        elif path.name != "fall.yaml":
            destination.unlink(missing_ok=True)
            if path.is_symlink():
                destination.symlink_to(path.readlink())
            else:
                shutil.copyfile(path, destination)
    for name in spec.get("entfernen", []):
        (target / name).unlink()
    for entry in spec.get("erzeugen", []):
        for number in range(entry.get("anzahl", 1)):
            _generate(target / entry["datei"].format(nummer=number), entry)
    return target, spec


def _generate(path: Path, entry: dict[str, Any]) -> None:
    """A file too big for git, or one git cannot hold: a pipe, `zeile` repeated up to `groesse`, or sparse zeros."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if entry.get("art") == "pipe":
        os.mkfifo(path)
    elif "zeile" in entry:
        line = entry["zeile"].encode()
        path.write_bytes(line * (entry["groesse"] // len(line)))
    else:
        with path.open("wb") as stream:
            stream.truncate(entry["groesse"])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_cleanly(case: Path, tmp_path: Path, recorder: Recorder,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _fails_cleanly(case, tmp_path, recorder, capsys)


@pytest.mark.parametrize("name", ["29-bild-etc-passwd", "30-bild-http", "31-bild-file-url", "39-svg-mit-fremdbild",
                                  "78-bild-verknuepfung-passwd", "79-bildordner-verknuepfung", "88-bild-riesig-png"])
def test_the_pdf_engine_refuses_what_the_text_check_would_miss(
        name: str, tmp_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Second wall: with the check of images in texts switched off, WeasyPrint's fetcher still refuses them."""
    monkeypatch.setattr(ProseRenderer, "_check_image", lambda *args: None)
    _fails_cleanly(CORPUS / name, tmp_path, recorder, capsys, ["wird nicht geladen"])


def _fails_cleanly(case: Path, tmp_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str],
                   expected: list[str] | None = None) -> None:
    """Build `case` over an existing good PDF: exit 1, its message (or `expected`), nothing touched or reached."""
    data_set, spec = _data_set(case, tmp_path / "daten")
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim", encoding="utf-8")
    recorder.forbidden_files = {str(secret), "/etc/passwd", "/etc/shadow", "/etc/hostname"}
    output = tmp_path / "ausgabe"
    output.mkdir()
    (output / "programm.pdf").write_bytes(GOOD_PDF)

    target = data_set / spec["ausgabe"] if "ausgabe" in spec else output / "programm.pdf"
    code = main(["build", str(data_set), "-o", str(target), *spec.get("optionen", [])])

    captured = capsys.readouterr()
    message = captured.out + captured.err
    assert code == 1, message
    for part in expected or spec["meldung"]:
        assert part in message
    assert "Traceback" not in message and "Interner Fehler" not in message
    assert recorder.seen == []
    assert (output / "programm.pdf").read_bytes() == GOOD_PDF
    assert [path.name for path in output.iterdir() if path.is_file()] == ["programm.pdf"]
