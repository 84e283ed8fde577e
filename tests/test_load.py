"""Safe YAML loading with positions, and refusal of malformed files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from amip.errors import DataError
from amip.load import load_data_set, parse_yaml


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
