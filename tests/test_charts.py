"""Charts: every kind draws from a small spec, German ticks, same bytes, cache, alt text, validation."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from datasets import append_to, write_yaml
from pdftext import structure_elements

from amip import charts
from amip.cli import main
from amip.derive.diagramme import ChartFigures, derive_chart
from amip.derive.tabellen import derive_change_table
from amip.errors import DataError
from amip.model.diagramme import Diagramm, Diagrammart
from amip.model.gestaltung import Gestaltung
from amip.model.tabellen import ChangeTable

THEME = Gestaltung()
SVG = "{http://www.w3.org/2000/svg}"


def chart(**spec: Any) -> ChartFigures:
    spec = {"titel": "Test", "quelle": "Test", **spec}
    return derive_chart("test", Diagramm.model_validate(spec), {}, None)


def texts(svg: bytes) -> list[str]:
    """Every text the SVG shows (matplotlib writes text as <text> with svg.fonttype none)."""
    root = ElementTree.fromstring(svg)
    return ["".join(node.itertext()).replace("\u00a0", " ") for node in root.iter(f"{SVG}text")]


KINDS = {
    "linie": dict(art="linie", kategorien=["2015", "2016", "2017"], reihen=[{"name": "ELB", "werte": [8110, 7412, 7001]}]),
    "saeulen": dict(art="saeulen", kategorien=["Jan.", "Feb."], reihen=[{"name": "A", "werte": [212, 238]}]),
    "gruppiert": dict(art="saeulen", einheit="prozent", kategorien=["Frauen", "Männer"],
                      reihen=[{"name": "SGB III", "werte": [46.2, 53.8]}, {"name": "SGB II", "werte": [44.1, 55.9]}]),
    "gestapelt": dict(art="saeulen", gestapelt=True, kategorien=["SGB III", "SGB II"],
                      reihen=[{"name": "Arbeitslose", "werte": [2127, 4017]}, {"name": "Maßnahmen", "werte": [412, 1386]}]),
    "balken": dict(art="balken", kategorien=["Bau", "Handel", "Pflege"], reihen=[{"name": "V", "werte": [96, -58, 187]}],
                   hervorheben=["Handel"]),
    "kreis": dict(art="kreis", einheit="prozent", kategorien=["a", "b"], reihen=[{"name": "Anteil", "werte": [60, 40]}]),
    "ring": dict(art="ring", einheit="euro", kategorien=["a", "b"], reihen=[{"name": "Mittel", "werte": [1500000, 250000]}]),
}
EXPECTED_LABELS = {
    "linie": ["8.110", "7.412", "7.001"],
    "saeulen": ["212", "238"],
    "gruppiert": ["46,2", "55,9", "SGB III", "SGB II"],
    "gestapelt": ["2.127", "1.386", "2.539", "5.403"],
    "balken": ["187", "96", "-58", "Pflege"],
    "kreis": ["a: 60,0 %", "b: 40,0 %"],
    "ring": ["a: 1.500.000 €", "b: 250.000 €"],
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_draws_its_values(kind: str) -> None:
    shown = texts(charts.draw_svg(chart(**KINDS[kind]), THEME))
    for label in EXPECTED_LABELS[kind]:
        assert label in shown, (label, shown)


def test_horizontal_bars_are_sorted_and_highlighted() -> None:
    figures = chart(**KINDS["balken"])
    assert figures.categories == ["Pflege", "Bau", "Handel"]
    assert figures.series[0].values == [Decimal(187), Decimal(96), Decimal(-58)]
    assert THEME.highlight.lower().encode() in charts.draw_svg(figures, THEME).lower()
    assert THEME.highlight.lower().encode() not in charts.draw_svg(chart(**{**KINDS["balken"], "hervorheben": []}),
                                                                   THEME).lower()


def test_ticks_are_german() -> None:
    counts = texts(charts.draw_svg(chart(art="saeulen", kategorien=["a", "b"],
                                         reihen=[{"name": "n", "werte": [1200, 2600]}]), THEME))
    assert {"1.000", "2.000"} <= set(counts)
    shares = texts(charts.draw_svg(chart(art="linie", einheit="prozent", kategorien=["a", "b"],
                                         reihen=[{"name": "q", "werte": [7.3, 7.9]}]), THEME))
    assert "7,3 %" in shares and any(tick.endswith(" %") and "," in tick for tick in shares if tick != "7,3 %")
    money = texts(charts.draw_svg(chart(art="balken", einheit="euro", kategorien=["a", "b"],
                                        reihen=[{"name": "m", "werte": [1480000, 170000]}]), THEME))
    assert "1,0 Mio. €" in money and "1.480.000 €" in money


def test_same_spec_gives_same_bytes_across_processes() -> None:
    spec = KINDS["gestapelt"]
    here = charts.draw_svg(chart(**spec), THEME)
    assert here == charts.draw_svg(chart(**spec), THEME)
    script = ("import sys; from test_charts import chart, KINDS, THEME; from amip import charts; "
              "sys.stdout.buffer.write(charts.draw_svg(chart(**KINDS['gestapelt']), THEME))")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                           cwd=Path(__file__).parent, env={"PYTHONHASHSEED": "7", "PATH": ""}).stdout
    assert other == here
    assert b"<dc:date>" not in here


def test_unchanged_chart_is_not_redrawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    figures = {"a": chart(**KINDS["saeulen"])}
    first = charts.chart_files(figures, THEME, tmp_path)
    monkeypatch.setattr(charts, "draw_svg", lambda *args: pytest.fail("drawn again"))
    assert charts.chart_files(figures, THEME, tmp_path) == first
    changed = {"a": chart(**{**KINDS["saeulen"], "reihen": [{"name": "A", "werte": [212, 239]}]})}
    with pytest.raises(pytest.fail.Exception):
        charts.chart_files(changed, THEME, tmp_path)
    with pytest.raises(pytest.fail.Exception):
        charts.chart_files(figures, Gestaltung(akzentfarbe="#000000", reihenfarben=["#000000", "#FFFFFF"]), tmp_path)


def test_table_source_takes_shares_from_the_table() -> None:
    table = ChangeTable.model_validate({
        "art": "veraenderung", "titel": "Erwerbstätige", "oberzeile": "ELB", "bloecke": [{
            "berichtsmonat": "2016-05-01", "zeilen": [
                {"merkmal": "erwerbstätige ELB", "wert": 2244, "veraenderung": -187, "bezugsgroesse": True},
                {"merkmal": "bis 450 Euro", "wert": 1213, "veraenderung": -152, "ebene": 1}]}]})
    spec = Diagramm.model_validate({"art": "ring", "titel": "T", "quelle": "Q", "einheit": "prozent", "aus_tabelle": {
        "tabelle": "t", "berichtsmonat": "2016-05-01", "groesse": "anteil", "zeilen": ["bis 450 Euro"]}})
    figures = derive_chart("x", spec, {"t": derive_change_table(table, ())[0]}, None)
    assert figures.categories == ["bis 450 Euro"]
    assert round(figures.series[0].values[0], 2) == Decimal("54.06")  # 1213 of 2244


def test_alt_text_is_generated_from_the_data() -> None:
    assert charts.describe(chart(**KINDS["balken"])) == (
        "Balkendiagramm, absteigend sortiert: Test. Höchster Wert Pflege mit 187, niedrigster Wert Handel mit -58. "
        "Grau hinterlegt: Handel.")
    assert charts.describe(chart(**KINDS["linie"])) == "Liniendiagramm: Test. Von 8.110 (2015) auf 7.001 (2017)."
    assert charts.describe(chart(**{**KINDS["kreis"], "alt_text": "Eigener Text"})) == "Eigener Text"


def test_example_pdf_has_eight_figures_with_alt_text(example_pdf: Path) -> None:
    with pikepdf.open(example_pdf) as pdf:
        alts = [str(node.get("/Alt", "")) for node in structure_elements(pdf, "/Figure")]
    assert len(alts) == 8
    assert all(len(alt) > 40 for alt in alts)
    assert any(alt.startswith("Balkendiagramm, absteigend sortiert: Verteilung der Beschäftigung") and
               "Höchster Wert Herstellung von überwiegend häuslich konsumierten Gütern¹⁾" in alt for alt in alts)


def test_example_text_figures_come_from_chart_data(example_pages: list[str]) -> None:
    text = " ".join(example_pages)
    assert "ca. 7.400 erwerbsfähige" in text
    assert "Von den 4.017 Arbeitslosen" in text
    assert "um 0,6 Prozentpunkte" in text and "um 0,2 Prozentpunkte" in text
    assert "rund 9 % der Eingliederungsmittel" in text
    assert "ca. 600 Flüchtlingen" in text


def test_chart_naming_missing_table_is_a_data_error(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_yaml(klein / "diagramme.yaml", {"a": {"art": "ring", "aus_tabelle": {
        "berichtsmonat": "2016-05-01", "tabelle": "erwerbstaetige", "zeilen": ["x"]}, "quelle": "Q", "titel": "T"}})
    assert main(["validate", str(klein)]) == 1
    assert "diagramme.yaml:5" in capsys.readouterr().err


def test_series_of_wrong_length_is_a_data_error(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (klein / "diagramme.yaml").write_text(
        "a:\n  art: linie\n  titel: T\n  quelle: Q\n  kategorien: ['2015', '2016']\n"
        "  reihen:\n    - name: ELB\n      werte: [1, 2, 3]\n", encoding="utf-8")
    assert main(["validate", str(klein)]) == 1
    err = capsys.readouterr().err
    assert "diagramme.yaml:8" in err and "Reihe „ELB“ hat 3 Werte, aber es gibt 2 kategorien" in err


def test_data_set_design_reaches_css_and_charts(klein: Path, tmp_path: Path) -> None:
    (klein / "gestaltung.yaml").write_text("akzentfarbe: '#AA0000'\nreihenfarben: ['#00AA00', '#0000AA']\n",
                                           encoding="utf-8")
    write_yaml(klein / "diagramme.yaml", {"a": KINDS["saeulen"] | {"titel": "T", "quelle": "Q"}})
    append_to(klein / "programm.yaml", "      - diagramm: a\n")
    target = tmp_path / "out" / "klein.pdf"
    assert main(["build", str(klein), "-o", str(target)]) == 0
    svg = next((target.parent / ".amip-cache" / "diagramme").glob("a-*.svg")).read_bytes()
    assert b"#00aa00" in svg.lower()
    from amip.commands.validate import check
    from amip.render import render_html
    checked = check(klein)
    html = render_html(checked.program, checked.figures, checked.raw.texts, klein, {"a": "a.svg"})
    assert "--akzent: #AA0000" in html



@pytest.mark.parametrize("kind", ["linie", "saeulen", "balken", "kreis"])
def test_dollars_and_backslashes_are_characters_not_formulas(kind: str) -> None:
    spec = dict(art=kind, kategorien=[r"$\frac{}$", "5 $ bis 10 $"], reihen=[{"name": r"$x^2$ \n", "werte": [1, 2]}],
                achse_x=r"a\b $", achse_y="$$")
    shown = texts(charts.draw_svg(chart(**spec), THEME))
    assert r"$\frac{}$" in "".join(shown) and "5 $ bis 10 $" in "".join(shown)
    if kind != "kreis":
        assert {r"a\b $", "$$"} <= set(shown)


def test_characters_the_font_lacks_draw_without_a_warning() -> None:
    shown = texts(charts.draw_svg(chart(art="kreis", kategorien=["😀", "y"], reihen=[{"name": "a", "werte": [1, 2]}]),
                                  THEME))
    assert "😀: 1" in shown


def test_many_long_categories_draw() -> None:
    label = ("Wort " * 40)[:200]
    spec = dict(art="saeulen", kategorien=[f"{index}{label}"[:200] for index in range(100)],
                reihen=[{"name": "a", "werte": list(range(1, 101))}])
    assert "99Wort" in texts(charts.draw_svg(chart(**spec), THEME))


def test_what_matplotlib_cannot_draw_is_a_data_error_naming_the_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(axes: Any, figures: Any, theme: Any) -> None:
        axes.set_xlabel("x")
        raise ValueError("Expected \\frac{num}{den}")

    monkeypatch.setitem(charts.DRAW, Diagrammart.linie, refuse)
    with pytest.raises(DataError) as error:
        charts.draw_svg(chart(**KINDS["linie"]), THEME)
    assert str(error.value) == ("diagramme.test: die Abbildung lässt sich nicht zeichnen: matplotlib kann eine "
                                "Beschriftung oder einen Wert nicht setzen; bitte kategorien, die Namen der reihen, "
                                "achse_x und achse_y prüfen")


def test_a_dollar_in_a_chart_reaches_the_pdf(klein: Path, tmp_path: Path) -> None:
    write_yaml(klein / "diagramme.yaml", {"a": {"art": "saeulen", "titel": "T", "quelle": "Q",
                                                "kategorien": [r"$\frac{}$", "5 $ bis 10 $"],
                                                "reihen": [{"name": "n", "werte": [1, 2]}]}})
    append_to(klein / "programm.yaml", "      - diagramm: a\n")
    target = tmp_path / "out" / "klein.pdf"
    assert main(["build", str(klein), "-o", str(target)]) == 0
    svg = next((target.parent / ".amip-cache" / "diagramme").glob("a-*.svg")).read_text(encoding="utf-8")
    assert r"$\frac{}$" in svg and "5 $ bis 10 $" in svg
