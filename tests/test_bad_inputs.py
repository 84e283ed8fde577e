"""The corpus of malformed and hostile data sets: each fails cleanly, with its message, touching nothing."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from audit import RECORDER, Recorder
from datasets import CORPUS, corpus_case

from amip.cli import main
from amip.errors import KEPT_NOTE
from amip.render.prose import ProseRenderer

CASES = sorted(path for path in CORPUS.iterdir() if path.is_dir())
GOOD_PDF = b"%PDF-1.7 das letzte gute PDF\n"
SECONDS = 10
"""Longest a command may take on a hostile data set (a bound against hangs, not a speed target)."""
MEGABYTES = 500
"""Most memory a command may add to the process's peak on a hostile data set."""
def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@dataclass(frozen=True)
class Case:
    """A corpus case laid out in a temporary folder: its data set, the spec from fall.yaml, and the output folder."""

    data_set: Path
    spec: dict[str, Any]
    output: Path

    @property
    def target(self) -> Path:
        """Where the build writes: outside the data set, or where `ausgabe` points inside it."""
        given = self.spec.get("ausgabe")
        return self.data_set / given if given else self.output / "programm.pdf"


def _lay_out(case: Path, tmp_path: Path) -> Case:
    """The case laid out in `tmp_path`: its data set, its spec and an empty output folder."""
    data_set, spec = corpus_case(case, tmp_path / "daten")
    output = tmp_path / "ausgabe"
    output.mkdir()
    return Case(data_set, spec, output)


def _fingerprint(root: Path) -> dict[str, str]:
    """Every entry of the data set with its kind and content (large files by size and time), links not followed."""
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        info = path.lstat()
        if path.is_symlink():
            found[name] = f"-> {path.readlink()}"
        elif path.is_dir():
            found[name] = "dir"
        elif not path.is_file():
            found[name] = f"special {info.st_mode}"
        elif info.st_size > 10_000_000:
            found[name] = f"{info.st_size} {info.st_mtime_ns}"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _peak_kilobytes() -> int:
    """The process's peak resident memory since the last reset."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


@dataclass(frozen=True)
class Run:
    """What one command printed and returned, how long it took and how much memory it added at its peak."""

    code: int
    message: str
    seconds: float
    megabytes: float


def _run(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    """`amip ARGUMENTS` in this process, watched by the recorder, with its time and the growth of peak memory."""
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")  # resets the peak to what is resident now
    before = _peak_kilobytes()
    started = time.perf_counter()
    RECORDER.active = True
    try:
        code = main(arguments)
    finally:
        RECORDER.active = False
    seconds = time.perf_counter() - started
    captured = capsys.readouterr()
    return Run(code, captured.out + captured.err, seconds, (_peak_kilobytes() - before) / 1024)


def _assert_clean(run: Run, expected: list[str], recorder: Recorder) -> None:
    """Exit 1 with every expected part of the message, no traceback, within bounds, nothing reached outside."""
    assert run.code == 1, run.message
    for part in expected:
        assert part in run.message
    assert "Traceback" not in run.message and "Interner Fehler" not in run.message, run.message
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.megabytes < MEGABYTES, f"{run.megabytes:.0f} MB"
    assert recorder.seen == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_cleanly(case: Path, tmp_path: Path, recorder: Recorder,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _fails_cleanly(_lay_out(case, tmp_path), tmp_path, recorder, capsys)


@pytest.mark.parametrize("name", ["29-bild-etc-passwd", "30-bild-http", "31-bild-file-url", "39-svg-mit-fremdbild",
                                  "78-bild-verknuepfung-passwd", "79-bildordner-verknuepfung", "88-bild-riesig-png"])
def test_the_pdf_engine_refuses_what_the_text_check_would_miss(
        name: str, tmp_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Second wall: with the check of images in texts switched off, WeasyPrint's fetcher still refuses them."""
    monkeypatch.setattr(ProseRenderer, "_check_image", lambda *args: None)
    case = _lay_out(CORPUS / name, tmp_path)
    _fails_cleanly(Case(case.data_set, {**case.spec, "meldung": ["wird nicht geladen"], "nur_build": True},
                        case.output), tmp_path, recorder, capsys)


def _fails_cleanly(case: Case, tmp_path: Path, recorder: Recorder, capsys: pytest.CaptureFixture[str]) -> None:
    """`validate`, then `build` over an existing good PDF: both exit 1 with the case's message, touching nothing.

    A case about where the output goes (`ausgabe`) or about the PDF engine (`nur_build`) is only built.
    """
    secret = tmp_path / "geheim.txt"
    secret.write_text("geheim", encoding="utf-8")
    recorder.forbidden_files = {str(secret), "/etc/passwd", "/etc/shadow", "/etc/hostname"}
    recorder.writable = [case.output.resolve()]
    (case.output / "programm.pdf").write_bytes(GOOD_PDF)
    files = _fingerprint(case.data_set)
    options = case.spec.get("optionen", [])
    validated = None
    if not (case.spec.get("ausgabe") or case.spec.get("nur_build")):
        validated = _run(["validate", str(case.data_set), *options], capsys)
        _assert_clean(validated, case.spec["meldung"], recorder)
    built = _run(["build", str(case.data_set), "-o", str(case.target), *options], capsys)
    _assert_clean(built, case.spec["meldung"], recorder)
    if validated:  # the same message: build only adds that the old PDF stays
        assert built.message == validated.message + KEPT_NOTE.format(kind="PDF") + "\n"
    assert _fingerprint(case.data_set) == files
    assert (case.output / "programm.pdf").read_bytes() == GOOD_PDF
    assert [path.name for path in case.output.iterdir() if path.is_file()] == ["programm.pdf"]
