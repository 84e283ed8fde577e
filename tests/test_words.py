"""Words too long to typeset are refused with file and line: in texts, in the YAML files and from templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import replace_in

from amip import check
from amip.errors import DataError, TemplateError
from amip.render.words import MAX_WORD, check_html_words, long_word

WORD = "Arbeitsmarktintegrationsprogramm" * 10
"""320 letters without a break."""
ADVICE = ("und lässt sich nicht setzen; bitte mit Leerzeichen oder Bindestrich trennen oder eine lange "
          "Internetadresse als Verweis schreiben: [Text](Adresse)")


def test_a_word_is_a_run_without_space_or_hyphen() -> None:
    assert long_word("x" * MAX_WORD) is None
    assert long_word("ein " + "x" * (MAX_WORD + 1) + " Wort") == "x" * (MAX_WORD + 1)
    assert long_word("Arbeitsmarkt-" * 100) is None
    assert long_word("https://statistik.example.org/" + "a/" * 200) == "https://statistik.example.org/" + "a/" * 200
    assert long_word("8.112.295\u00a0€ " * 10) is None
    assert long_word("x\u00a0" * 150) == "x\u00a0" * 150


@pytest.mark.parametrize("text, line", [
    (f"Erste Zeile.\n\nDritte Zeile mit {WORD}.\n", 3),
    (f"# Überschrift {WORD}\n", 1),
    (f"Ein Absatz\nüber zwei Zeilen `{WORD}`.\n", 2),
    (f"Text\n\n    eingerückter Code\n    {WORD}\n", 4),
    (f"Eine Adresse: <https://example.org/{WORD}>\n", 1),
    ("{{ 'Langzeitleistungsbezug' * 20 }}\n", 1),
])
def test_a_long_word_in_a_text_is_refused_with_its_line(text: str, line: int, klein: Path) -> None:
    (klein / "texte" / "einleitung.md").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        check(klein)
    assert str(error.value).startswith(f"texte/einleitung.md:{line}  ein Wort ist länger als 200 Zeichen („")
    assert str(error.value).endswith(ADVICE)


def test_a_long_address_fits_behind_a_link(klein: Path) -> None:
    (klein / "texte" / "einleitung.md").write_text(f"Siehe [Statistik](https://example.org/{WORD}).\n",
                                                   encoding="utf-8")
    check(klein)


def test_long_words_in_yaml_are_refused_with_file_line_and_field(klein: Path) -> None:
    replace_in(klein / "programm.yaml", "  - titel: Schluss", f"  - titel: Schluss {WORD}")
    replace_in(klein / "programm.yaml", "jahr: 2024", "jahr: zwölf")
    with pytest.raises(DataError) as error:
        check(klein)
    assert [str(problem) for problem in error.value.problems][1:] == [
        "programm.yaml:21:5  gliederung[1].titel: ein Wort ist länger als 200 Zeichen "
        f"(„{WORD[:40]}…“) {ADVICE}"]


@pytest.mark.parametrize("html", [
    f"<p>{'x' * 201}</p>",
    "<p>" + "<span>x</span>" * 201 + "</p>",
    "<p><em>" + "x" * 150 + "</em>" + "x" * 51 + "</p>",
    "<style>h1::after { content: \"" + "x" * 201 + "\" }</style>",
])
def test_templates_cannot_make_a_long_word_of_pieces(html: str) -> None:
    with pytest.raises(TemplateError, match="^Vorlagen: ein Wort ist länger als 200 Zeichen"):
        check_html_words(f"<html><body>{html}</body></html>")


def test_tags_addresses_and_blocks_are_no_words() -> None:
    check_html_words(f'<img src="data:image/png;base64,{"A" * 5000}"><td>{"x" * 150}</td><td>{"x" * 150}</td>'
                     f'<style>@page {{ background: url("file:///{"a" * 300}/wasserzeichen.svg") }}</style>')
