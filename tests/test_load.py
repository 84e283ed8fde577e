"""Safe YAML loading with positions, and refusal of malformed files."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from datasets import append_to, replace_in

from amip.errors import DataError
from amip.load import MAX_FILE_BYTES, load_data_set, parse_yaml


def test_positions_of_keys_and_items() -> None:
    parsed = parse_yaml("a:\n  b: 1\n  c:\n    - x\n    - y\n", "t.yaml")
    assert parsed.value == {"a": {"b": 1, "c": ["x", "y"]}}
    assert str(parsed.positions[("a", "b")]) == "t.yaml:2:3"
    assert str(parsed.positions[("a", "c", 1)]) == "t.yaml:5:7"
    assert parsed.placeholders == []


def test_placeholders_keep_their_stand_in_value_and_place() -> None:
    parsed = parse_yaml("a: !offen 8112295\nb: [1, !offen 2.5]\nc: !offen 2017-12-02\nd: !offen \"Name\"\n"
                        "e: !offen 007\n", "t.yaml")
    assert parsed.value == {"a": 8112295, "b": [1, 2.5], "c": datetime.date(2017, 12, 2), "d": "Name", "e": 7}
    assert parsed.placeholders == [("a",), ("b", 1), ("c",), ("d",), ("e",)]
    assert str(parsed.positions[("b", 1)]) == "t.yaml:2:8"


def test_placeholder_mark_goes_before_a_single_value() -> None:
    with pytest.raises(DataError) as error:
        parse_yaml("a: !offen [1, 2]\n", "t.yaml")
    assert str(error.value) == "t.yaml:1:4  a: !offen steht vor einem einzelnen Wert, nicht vor einer Liste oder Zuordnung"
    with pytest.raises(DataError) as error:
        parse_yaml("a: !offn 1\n", "t.yaml")
    assert "Markierungen mit ! sind nicht erlaubt, außer !offen" in str(error.value)


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(DataError) as error:
        parse_yaml("jahr: 2017\njahr: 2018\n", "programm.yaml")
    assert str(error.value) == ("programm.yaml:2:1  jahr: ist doppelt angegeben; "
                                "jeder Schlüssel darf nur einmal vorkommen")


def test_invalid_yaml_names_line() -> None:
    with pytest.raises(DataError) as error:
        parse_yaml("a: [1, 2\nb: 3\n", "x.yaml")
    assert str(error.value).startswith("x.yaml:2:")
    assert "ist kein gültiges YAML" in str(error.value)


def test_python_tags_are_refused() -> None:
    with pytest.raises(DataError) as error:
        parse_yaml("a: !!python/object/apply:os.system ['echo hacked']\n", "x.yaml")
    assert str(error.value) == "x.yaml:1:4  a: die Markierung tag:yaml.org,2002:python/object/apply:os.system ist nicht erlaubt"
    with pytest.raises(DataError) as error:
        parse_yaml("a: !!python/name:os.system\n", "x.yaml")
    assert "ist kein gültiges YAML" in str(error.value)


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    with pytest.raises(DataError) as error:
        parse_yaml("\n".join(lines) + "\n", "bombe.yaml")
    assert "enthält mehr als" in str(error.value)


def test_non_utf8_file(klein: Path) -> None:
    (klein / "eckwerte.yaml").write_bytes("wert: 5 # Gr\xfc\xdfe\n".encode("latin-1"))
    with pytest.raises(DataError) as error:
        load_data_set(klein)
    assert str(error.value).startswith("eckwerte.yaml  ist keine UTF-8-Textdatei")


def test_other_files_become_top_level_keys(klein: Path) -> None:
    raw = load_data_set(klein)
    assert raw.data["haushalt"]["positionen"][0]["bereich"] == "VK"
    assert str(raw.position(("haushalt", "positionen", 0, "bereich"))) == "haushalt.yaml:3:5"
    assert raw.texts["texte/einleitung.md"].startswith("Im Jahr {{ jahr }}")


def test_key_given_twice_across_files(klein: Path) -> None:
    with (klein / "programm.yaml").open("a", encoding="utf-8") as stream:
        stream.write("haushalt: {}\n")
    with pytest.raises(DataError) as error:
        load_data_set(klein)
    assert "ist doppelt angegeben: in programm.yaml und als eigene Datei haushalt.yaml" in str(error.value)


def test_missing_main_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as error:
        load_data_set(tmp_path)
    assert "die Datei programm.yaml fehlt" in str(error.value)


# --- Welche Dateien gelesen werden ------------------------------------------------------


def test_only_the_texts_the_outline_and_programs_name_are_read(klein: Path) -> None:
    (klein / "texte" / "unbenutzt.md").write_bytes(b"\xff kein UTF-8")
    os.mkfifo(klein / "texte" / "pipe.md")
    (klein / "texte" / "gross.md").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (klein / "programme.yaml").write_text("esf: {titel: ESF, text: texte/programm.md}\n", encoding="utf-8")
    (klein / "texte" / "programm.md").write_text("Das Programm.\n", encoding="utf-8")
    raw = load_data_set(klein)
    assert sorted(raw.texts) == ["texte/einleitung.md", "texte/programm.md"]


def test_a_missing_text_is_compared_with_the_files_beside_it(klein: Path) -> None:
    replace_in(klein / "programm.yaml", "texte/einleitung.md", "texte/einleitng.md")
    (klein / "texte" / "schluss.md").write_text("Schluss.\n", encoding="utf-8")
    raw = load_data_set(klein)
    assert raw.texts == {}
    assert raw.text_files == ["texte/einleitung.md", "texte/schluss.md"]


def test_a_bom_is_dropped(klein: Path) -> None:
    bom = "\ufeff"
    for name in ("programm.yaml", "haushalt.yaml", "texte/einleitung.md"):
        (klein / name).write_text(bom + (klein / name).read_text(encoding="utf-8"), encoding="utf-8")
    raw = load_data_set(klein)
    assert raw.data["jahr"] == 2024 and "positionen" in raw.data["haushalt"]
    assert raw.texts["texte/einleitung.md"].startswith("Im Jahr")


REFUSED = {
    "text link inside": (lambda d: _relink(d / "texte" / "einleitung.md", "../haushalt.yaml"),
                         "texte/einleitung.md  ist keine gewöhnliche Datei, sondern eine Verknüpfung; amip folgt "
                         "keinen Verknüpfungen – bitte die Datei selbst in den Datensatz legen"),
    "linked folder": (lambda d: (d / "kapitel").symlink_to("texte")
                      or replace_in(d / "programm.yaml", "texte/einleitung.md", "kapitel/einleitung.md"),
                      "kapitel/einleitung.md  liegt im Ordner „kapitel“, und der ist eine Verknüpfung; amip folgt "
                      "keinen Verknüpfungen – bitte den Ordner selbst in den Datensatz legen"),
    "text is a pipe": (lambda d: (d / "texte" / "einleitung.md").unlink() or os.mkfifo(d / "texte" / "einleitung.md"),
                       "texte/einleitung.md  ist keine gewöhnliche Datei, sondern eine Pipe (FIFO); bitte durch eine "
                       "echte Datei ersetzen"),
    "yaml is a pipe": (lambda d: os.mkfifo(d / "eckwerte.yaml"),
                       "eckwerte.yaml  ist keine gewöhnliche Datei, sondern eine Pipe (FIFO)"),
    "folder named like yaml": (lambda d: (d / "eckwerte.yaml").mkdir(), "eckwerte.yaml  ist ein Ordner, keine Datei"),
    "text too big": (lambda d: os.truncate(d / "texte" / "einleitung.md", 3_000_000_000),
                     "texte/einleitung.md  ist größer als 2 MB"),
}


def _relink(path: Path, target: str) -> None:
    path.unlink()
    path.symlink_to(target)


@pytest.mark.parametrize("case", REFUSED)
def test_only_regular_files_inside_the_data_set_are_read(klein: Path, case: str) -> None:
    change, message = REFUSED[case]
    change(klein)
    with pytest.raises(DataError) as error:
        load_data_set(klein)
    assert str(error.value).startswith(message)


def test_the_marks_rollover_adds_do_not_count_towards_the_size(klein: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("amip.load.MAX_FILE_BYTES", 1_000_000)
    values = "".join(f"wert_{index}: !offen {1000 + index}\n" for index in range(1000))
    filler = "# " + "x" * 97 + "\n"
    content = filler * ((1_000_000 - len(values) + 7000) // len(filler)) + values
    (klein / "eckwerte.yaml").write_text(content, encoding="utf-8")
    assert 1_000_000 < len(content) <= 1_000_000 + 7000  # over the limit only by the 1000 marks „!offen “
    assert load_data_set(klein).data["eckwerte"]["wert_999"] == 1999
    append_to(klein / "eckwerte.yaml", filler)
    with pytest.raises(DataError) as error:
        load_data_set(klein)
    assert str(error.value) == "eckwerte.yaml  ist größer als 1 MB"
