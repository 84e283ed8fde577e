"""A build killed at any moment leaves the old PDF intact; two builds to one target end with one complete PDF."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "elbe-elster-2017"


def start_build(target: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "amip.cli", "build", str(EXAMPLE), "-o", str(target)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


@pytest.mark.parametrize("delay", [0.0, 0.4, 1.0])
def test_sigkill_mid_render_leaves_the_old_pdf(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "programm.pdf"
    target.write_bytes(b"%PDF-1.7 old, good program\n")
    build = start_build(target)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".programm.pdf.*.tmp")):  # WeasyPrint is laying out the pages
        assert build.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(delay)
    build.send_signal(signal.SIGKILL)
    assert build.wait() == -signal.SIGKILL
    assert target.read_bytes() == b"%PDF-1.7 old, good program\n"
    orphans = list(tmp_path.glob(".programm.pdf.*.tmp"))
    assert orphans  # the killed build could not clean up …
    assert start_build(target).wait() == 0
    assert not list(tmp_path.glob(".programm.pdf.*.tmp"))  # … the next build does


def test_two_builds_to_one_target_end_with_one_complete_pdf(tmp_path: Path, example_pdf: Path) -> None:
    target = tmp_path / "programm.pdf"
    builds = [start_build(target), start_build(target)]
    assert [build.wait() for build in builds] == [0, 0]
    assert target.read_bytes() == example_pdf.read_bytes()
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 23
    assert not list(tmp_path.glob(".programm.pdf.*.tmp"))
