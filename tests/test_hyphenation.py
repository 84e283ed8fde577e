"""The parsed German hyphenation patterns are kept as JSON and give the same hyphenation as pyphen's own."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from amip.filters import LOCALE
from amip.pdf.hyphenation import preload

WORDS = ["Eingliederungsleistungen", "Langzeitleistungsbezieher", "Arbeitsmarktprogramm", "Trägerversammlung"]


def test_kept_patterns_hyphenate_like_pyphen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pyphen, "hdcache", {})
    expected = [pyphen.Pyphen(lang=LOCALE).inserted(word) for word in WORDS]
    monkeypatch.setattr(pyphen, "hdcache", {})
    preload(tmp_path)
    assert len(list(tmp_path.glob("hyph_de_DE-*.json"))) == 1

    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(pyphen.HyphDict, "__init__", lambda self, path: pytest.fail("parsed again"))
    preload(tmp_path)
    assert [pyphen.Pyphen(lang=LOCALE).inserted(word) for word in WORDS] == expected
    assert expected[0] == "Ein-glie-de-rungs-leis-tun-gen"
