"""Safe YAML loading with positions, and refusal of malformed files."""

from __future__ import annotations

import datetime
import os
import pickle
import unicodedata
from pathlib import Path

import pytest
from datasets import append_to, replace_in

from amip.errors import DataError
from amip.load import load_data_set
from amip.load.characters import hidden_characters
from amip.load.files import MAX_FILE_BYTES
from amip.load.parse import ThreeDecimals, parse_yaml


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
def problems(text: str, name: str = "t.yaml") -> list[str]:
    """The problems parse_yaml reports for `text`, as the clerk reads them."""
    with pytest.raises(DataError) as error:
        parse_yaml(text, name)
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize(("written", "message"), [
    ("stand: 2016-02-30", "t.yaml:1:8  stand: den 30.02.2016 gibt es nicht; erwartet ein gültiges Datum JJJJ-MM-TT"),
    ("stand: 2027-02-29", "t.yaml:1:8  stand: den 29.02.2027 gibt es nicht; erwartet ein gültiges Datum JJJJ-MM-TT"),
    ("stand: 2016-13-01", "t.yaml:1:8  stand: den 01.13.2016 gibt es nicht; erwartet ein gültiges Datum JJJJ-MM-TT"),
    ("stand: 0000-01-01", "t.yaml:1:8  stand: den 01.01.0000 gibt es nicht; erwartet ein gültiges Datum JJJJ-MM-TT"),
    ("b: [1, !offen 2016-02-30]", "t.yaml:1:8  b[1]: den 30.02.2016 gibt es nicht; erwartet ein gültiges Datum JJJJ-MM-TT"),
    ("stand: 2016-01-01 25:00:00",
     "t.yaml:1:8  stand: „2016-01-01 25:00:00“ ist keine gültige Uhrzeit; erwartet ein Datum JJJJ-MM-TT ohne Uhrzeit"),
])
def test_a_day_that_does_not_exist(written: str, message: str) -> None:
    assert problems(written + "\n") == [message]


def test_leap_day_of_a_leap_year_is_a_day() -> None:
    assert parse_yaml("stand: 2028-02-29\n", "t.yaml").value == {"stand": datetime.date(2028, 2, 29)}


@pytest.mark.parametrize(("written", "message"), [
    ("a: !!int zwölf", "t.yaml:1:4  a: „zwölf“ lässt sich nicht als ganze Zahl lesen"),
    ("a: !!float x", "t.yaml:1:4  a: „x“ lässt sich nicht als Zahl lesen"),
    ("a: !!bool vielleicht", "t.yaml:1:4  a: „vielleicht“ lässt sich nicht als true oder false lesen"),
    ("a: !!timestamp gestern", "t.yaml:1:4  a: „gestern“ lässt sich nicht als Datum lesen"),
    ("a: " + "9" * 5000, "t.yaml:1:4  a: die Zahl hat mehr als 100 Stellen; so große Zahlen kommen in einem Programm nicht vor"),
    ("a: 0x" + "f" * 5000, "t.yaml:1:4  a: die Zahl hat mehr als 100 Stellen; so große Zahlen kommen in einem Programm nicht vor"),
    ("a: !!binary AAAA", "t.yaml:1:4  a: die Markierung tag:yaml.org,2002:binary ist nicht erlaubt"),
])
def test_scalars_that_cannot_be_read(written: str, message: str) -> None:
    assert problems(written + "\n") == [message]


@pytest.mark.parametrize("written", [
    "tiefe: " + "[" * 5000 + "]" * 5000,
    "tiefe: " + "{a: " * 5000 + "1" + "}" * 5000,
    "tiefe:\n" + "".join("  " * level + "- \n" for level in range(200)),
])
def test_nesting_deeper_than_the_limit_is_refused_before_recursion(written: str) -> None:
    [message] = problems(written + "\n")
    assert "tiefe" in message and message.endswith(
        "ist mehr als 50 Ebenen tief verschachtelt; die Dateien eines Programms brauchen etwa zehn")


def test_nesting_up_to_the_limit_is_read() -> None:
    value = parse_yaml("tiefe: " + "[" * 48 + "1" + "]" * 48 + "\n", "t.yaml").value
    for _ in range(49):
        value = value["tiefe"] if isinstance(value, dict) else value[0]
    assert value == 1


@pytest.mark.parametrize("written", ["a: &a [*a]", "a: &a {b: *a}", "a: &a [x]\nb: [[[[[[[[[[*a]]]]]]]]]]\nc: &c [*a, [[[[[[[[[[[[[*c]]]]]]]]]]]]]]"])
def test_aliases_cannot_nest_deeper_than_the_text(written: str) -> None:
    [message] = problems(written + "\n")
    assert "ist mehr als 50 Ebenen tief verschachtelt" in message


def test_file_key_leads_the_fields_of_other_files() -> None:
    with pytest.raises(DataError) as error:
        parse_yaml("werte: [1, !offen 2016-02-30]\n", "eckwerte.yaml", ("eckwerte",))
    assert str(error.value) == ("eckwerte.yaml:1:12  eckwerte.werte[1]: den 30.02.2016 gibt es nicht; "
                                "erwartet ein gültiges Datum JJJJ-MM-TT")
    parsed = parse_yaml("a: !offen 1\n", "eckwerte.yaml", ("eckwerte",))
    assert parsed.placeholders == [("eckwerte", "a")] and str(parsed.positions[("eckwerte", "a")]) == "eckwerte.yaml:1:1"


@pytest.mark.parametrize(("written", "message"), [
    ("ort: Muster\0stadt", "t.yaml:1:12  ort: Steuerzeichen U+0000 ist nicht erlaubt; bitte löschen (der Editor zeigt "
                           "es meist nicht)"),
    ("ort: Muster\x1bstadt", "t.yaml:1:12  ort: Steuerzeichen U+001B ist nicht erlaubt; bitte löschen (der Editor "
                             "zeigt es meist nicht)"),
    ("ort: Muster\x85stadt", "t.yaml:1:12  ort: Steuerzeichen U+0085 ist nicht erlaubt; bitte löschen (der Editor "
                             "zeigt es meist nicht)"),
    ("titel: Vorwort\u202eyna", "t.yaml:1:15  titel: unsichtbares Zeichen U+202E (Schreibrichtungswechsel: rechts nach "
                                "links erzwungen) ist nicht erlaubt; bitte löschen"),
    ("ti\u200btel: Vorwort", "t.yaml:1:3  titel: unsichtbares Zeichen U+200B (Leerzeichen ohne Breite) ist nicht "
                             "erlaubt; bitte löschen"),
    ("a: [x, \"y\u2066z\"]", "t.yaml:1:10  a[1]: unsichtbares Zeichen U+2066 (Schreibrichtungswechsel: Isolierung "
                             "links nach rechts) ist nicht erlaubt; bitte löschen"),
    ("a: x\ufeffy", "t.yaml:1:5  a: unsichtbares Zeichen U+FEFF (Byte-Order-Mark mitten im Text) ist nicht erlaubt; "
                    "bitte löschen"),
    ("a: x\u2061y", "t.yaml:1:5  a: unsichtbares Zeichen U+2061 ist nicht erlaubt; bitte löschen"),
    ("# Kommentar \u202e\na: 1", "t.yaml:1:13  unsichtbares Zeichen U+202E (Schreibrichtungswechsel: rechts nach links "
                                 "erzwungen) ist nicht erlaubt; bitte löschen"),
    ("a: [\0", "t.yaml:1:5  Steuerzeichen U+0000 ist nicht erlaubt; bitte löschen (der Editor zeigt es meist nicht)"),
    ('a: "x\\u202ey"', "t.yaml:1:4  a: unsichtbares Zeichen U+202E (Schreibrichtungswechsel: rechts nach links "
                       "erzwungen) ist nicht erlaubt; bitte löschen"),
    ('"k\\0": 1', "t.yaml:1:1  im Schlüssel: Steuerzeichen U+0000 ist nicht erlaubt; bitte löschen (der Editor zeigt "
                  "es meist nicht)"),
])
def test_control_and_invisible_characters_are_named_with_their_field(written: str, message: str) -> None:
    assert problems(written + "\n") == [message]


def test_characters_of_german_typesetting_stay() -> None:
    text = "titel: \ufeffz.\u202fB. Ein\u00adglie\u00adde\u00adrung\u00a0– „Zitat“ 5\u2009%\n"
    assert parse_yaml("\ufeff" + text.replace("\ufeff", ""), "t.yaml").value == {
        "titel": "z.\u202fB. Ein\u00adglie\u00adde\u00adrung\u00a0– „Zitat“ 5\u2009%"}


def test_many_hidden_characters_are_counted_after_the_first_ten() -> None:
    found = problems("a: " + "\0" * 1000 + "\n")
    assert len(found) == 11
    assert found[9].startswith("t.yaml:1:13  a: Steuerzeichen U+0000")
    assert found[10] == "t.yaml  und 990 weitere Steuerzeichen oder unsichtbare Zeichen"


def test_hidden_characters_in_a_markdown_text(klein: Path) -> None:
    (klein / "texte" / "einleitung.md").write_text("# Titel\n\nIm Jahr\u202e {{ jahr }}\x07.\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_data_set(klein)
    assert [str(problem) for problem in error.value.problems] == [
        "texte/einleitung.md:3:8  unsichtbares Zeichen U+202E (Schreibrichtungswechsel: rechts nach links erzwungen) "
        "ist nicht erlaubt; bitte löschen",
        "texte/einleitung.md:3:20  Steuerzeichen U+0007 ist nicht erlaubt; bitte löschen (der Editor zeigt es meist nicht)"]


def test_numbers_written_with_three_decimals_keep_how_they_were_written() -> None:
    value = parse_yaml("a: [7.412, -2.500, 7.9, 0.125, 1234.567, 12.34, \"7.412\", 7412, 1.5e+3]\n", "t.yaml").value["a"]
    assert value == [7.412, -2.5, 7.9, 0.125, 1234.567, 12.34, "7.412", 7412, 1500.0]
    assert [item.written for item in value if isinstance(item, ThreeDecimals)] == ["7.412", "-2.500"]
    assert [item.without_dot for item in value if isinstance(item, ThreeDecimals)] == ["7412", "-2500"]
    assert pickle.loads(pickle.dumps(value[0])).written == "7.412"


def test_every_control_and_format_character_is_found_but_tab_line_breaks_and_soft_hyphen() -> None:
    kept = {"\t", "\n", "\r", "\u00ad"}
    characters = [chr(code) for code in range(0x110000)
                  if unicodedata.category(chr(code)) in ("Cc", "Cf") and chr(code) not in kept]
    text = "x" + "".join(characters)
    assert hidden_characters(text) == list(range(1, len(text)))
    assert hidden_characters("x\t\n\r\u00ad\u00a0\u202fäöüß€„“–") == []


def test_whole_numbers_a_comma_joins_in_a_flow_list_are_noted() -> None:
    parsed = parse_yaml("a: [24,5, 7,3, 1, 2,x, \"1\",2]\nb: [1, 2]\nc:\n  - 1\n  - 2\n", "t.yaml", ("e",))
    assert parsed.value["a"] == [24, 5, 7, 3, 1, 2, "x", "1", 2]
    assert parsed.comma_joined == {("e", "a", 0): "24,5", ("e", "a", 2): "7,3"}
