"""The data model's numbers: maxima, German numbers as text, thousands dots where counts and amounts are meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import change_table, replace_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amip.commands.validate import check
from amip.errors import DataError
from amip.load import load_data_set
from amip.model.references import validate_program

THOUSANDS_DOT = "„{written}“ liest YAML als {decimal}: der Punkt trennt Nachkommastellen, keine Tausender; " \
                "bitte ohne Tausenderpunkt schreiben: {plain}"
CHART = """elb:
  art: linie
  titel: ELB
  quelle: BA
{extra}  kategorien: ["2015", "2016", "2017"]
  reihen:
    - {{name: ELB, werte: [{values}]}}
"""
PROFILES = """profile:
  art: profillagen
  titel: Profillagen
  gesamt: Insgesamt
  altersgruppen: [unter 25, ab 25]
  gruppen:
    - {{bezeichnung: integrationsnah, profile: [{{kuerzel: MP, bezeichnung: Marktprofil, werte: [{values}]}}]}}
"""
GOALS = """lokal:
  titel: Lokale Ziele
  ziele:
    - {{ziel: Mehr Arbeit, messgroesse: Integrationen, einheit: {unit}, {field}: {value}{more}}}
"""
PROGRAMS = """esf:
  name: ESF
  text: texte/einleitung.md
  {field}: {value}
"""


def table(value: str) -> str:
    return change_table(f"{{merkmal: Insgesamt, wert: {value}, veraenderung: 40, bezugsgroesse: true}}")


def problems_of(data: Path) -> list[str]:
    with pytest.raises(DataError) as error:
        validate_program(load_data_set(data))
    return [str(problem) for problem in error.value.problems]


def warnings_of(data: Path) -> list[str]:
    return [str(warning) for warning in check(data).warnings]


def thousands_dot(written: str) -> str:
    return THOUSANDS_DOT.format(written=written, decimal=written.replace(".", ","), plain=written.replace(".", ""))


def amounts(klein: Path, vk: str, egl: str = "450000") -> None:
    replace_in(klein / "haushalt.yaml", "{2023: 500000, 2024: 450000}", f"{{2023: 500000, 2024: {egl}}}")
    replace_in(klein / "haushalt.yaml", "{2023: 1000000, 2024: 1100000}", f"{{2023: 1000000, 2024: {vk}}}")


# --- Tausenderpunkt ------------------------------------------------------------------


@pytest.mark.parametrize(("file", "content", "where"), [
    ("diagramme.yaml", CHART.format(extra="", values="11.630, 10840, 7412"), "diagramme.yaml:7:27  diagramme.elb.reihen[0].werte[0]"),
    ("diagramme.yaml", CHART.format(extra="  einheit: euro\n", values="1, 2, 11.630"),
     "diagramme.yaml:8:33  diagramme.elb.reihen[0].werte[2]"),
    ("diagramme.yaml", CHART.format(extra="  stellen: 2\n", values="11.630, 1, 2"),
     "diagramme.yaml:8:27  diagramme.elb.reihen[0].werte[0]"),
    ("tabellen.yaml", table("11.630"), "tabellen.yaml:8:32  tabellen.elb.bloecke[0].zeilen[0].wert"),
    ("tabellen.yaml", PROFILES.format(values="11.630, 5"),
     "tabellen.yaml:7:96  tabellen.profile.gruppen[0].profile[0].werte[0]"),
    ("ziele.yaml", GOALS.format(unit="anzahl", field="zielwert", value="11.630", more=""),
     "ziele.yaml:4:72  ziele.lokal.ziele[0].zielwert"),
    ("ziele.yaml", GOALS.format(unit="veraenderung", field="zielwert", value="-2.5", more=", bezugswert: 11.630"),
     "ziele.yaml:4:94  ziele.lokal.ziele[0].bezugswert"),
    ("programme.yaml", PROGRAMS.format(field="ziel_planjahr", value="11.630"), "programme.yaml:4:3  programme.esf.ziel_planjahr"),
    ("programme.yaml", PROGRAMS.format(field="mittel", value="11.630"), "programme.yaml:4:3  programme.esf.mittel"),
    ("programme.yaml", PROGRAMS.format(field="stellen", value="11.630"), "programme.yaml:4:3  programme.esf.stellen"),
])
def test_counts_and_amounts_refuse_a_thousands_dot(klein: Path, file: str, content: str, where: str) -> None:
    (klein / file).write_text(content, encoding="utf-8")
    assert problems_of(klein) == [f"{where}: {thousands_dot('11.630')}"]


@pytest.mark.parametrize("written", ["450.000", "1.000", "-2.500"])
def test_a_thousands_dot_in_an_amount_is_refused_even_where_the_number_would_pass(klein: Path, written: str) -> None:
    amounts(klein, vk="1100000", egl=written)
    assert problems_of(klein) == [f"haushalt.yaml:7:30  haushalt.positionen[1].betraege[2024]: {thousands_dot(written)}"]


def test_count_cells_and_plan_lines_refuse_a_thousands_dot(klein: Path) -> None:
    with (klein / "haushalt.yaml").open("a", encoding="utf-8") as stream:
        stream.write("egl_planung:\n  zeilen:\n    - {bezeichnung: AGH, betrag: 450.000, eintritte: 1.200, plaetze: 1.000}\n")
    assert problems_of(klein) == [
        f"haushalt.yaml:10:26  haushalt.egl_planung.zeilen[0].betrag: {thousands_dot('450.000')}",
        f"haushalt.yaml:10:43  haushalt.egl_planung.zeilen[0].eintritte: {thousands_dot('1.200')}",
        f"haushalt.yaml:10:61  haushalt.egl_planung.zeilen[0].plaetze: {thousands_dot('1.000')}"]


@pytest.mark.parametrize("values", ["7.9, 24.5, -2.5", "0.125, 12.75, 1234.567", "7412, 11630, 100000"])
def test_real_decimals_are_not_taken_for_thousands_dots(klein: Path, values: str) -> None:
    (klein / "diagramme.yaml").write_text(CHART.format(extra="", values=values), encoding="utf-8")
    (klein / "eckwerte.yaml").write_text(f"werte_als_eckwerte: 0\nquote: 7.9\nveraenderung: -2.5\nanteil: 0.125\n"
                                         f"genau: 1234.567\n", encoding="utf-8")
    amounts(klein, vk="1100000.5", egl="450000.25")
    assert warnings_of(klein) == []


@pytest.mark.parametrize(("file", "content", "where"), [
    ("eckwerte.yaml", "elb: 7.412\n", "eckwerte.yaml:1:1  eckwerte.elb"),
    ("diagramme.yaml", CHART.format(extra="  einheit: prozent\n", values="7.412, 1, 2"),
     "diagramme.yaml:8:27  diagramme.elb.reihen[0].werte[0]"),
    ("ziele.yaml", GOALS.format(unit="quote", field="zielwert", value="7.412", more=""),
     "ziele.yaml:4:71  ziele.lokal.ziele[0].zielwert"),
])
def test_three_decimals_where_they_may_be_meant_are_a_warning(klein: Path, file: str, content: str, where: str) -> None:
    (klein / file).write_text(content, encoding="utf-8")
    assert warnings_of(klein) == [f"{where}: „7.412“ liest YAML als 7,412; ist 7412 gemeint, bitte ohne "
                                  "Tausenderpunkt schreiben: 7412; ist 7,412 gemeint, mit einer Null mehr: 7.4120"]


def test_a_chart_that_shows_three_decimals_takes_them(klein: Path) -> None:
    (klein / "diagramme.yaml").write_text(CHART.format(extra="  stellen: 3\n", values="1.125, 7.4120, 2"),
                                          encoding="utf-8")
    assert warnings_of(klein) == [
        "diagramme.yaml:8:27  diagramme.elb.reihen[0].werte[0]: „1.125“ liest YAML als 1,125; ist 1125 gemeint, "
        "bitte ohne Tausenderpunkt schreiben: 1125; ist 1,125 gemeint, mit einer Null mehr: 1.1250"]


three_decimals = st.builds(lambda whole, decimals: f"{whole}.{decimals:03d}",
                           st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written=three_decimals)
def test_any_amount_written_with_a_thousands_dot_is_refused(klein: Path, written: str) -> None:
    amounts(klein, vk="1100000", egl=written)
    try:
        assert problems_of(klein) == [f"haushalt.yaml:7:30  haushalt.positionen[1].betraege[2024]: "
                                      f"{thousands_dot(written)}"]
    finally:
        amounts_back(klein, written)


other_decimals = st.one_of(  # other than three decimals, or four digits or more before the dot, or 0.xxx
    st.builds(lambda whole, decimals: f"{whole}.{decimals}", st.integers(min_value=0, max_value=10**9),
              st.from_regex(r"\A(?:[0-9]{1,2}|[0-9]{4,6})\Z")),
    st.builds(lambda whole, decimals: f"{whole}.{decimals:03d}", st.integers(min_value=1000, max_value=10**9),
              st.integers(min_value=0, max_value=999)),
    st.builds(lambda decimals: f"0.{decimals:03d}", st.integers(min_value=0, max_value=999)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written=other_decimals)
def test_no_other_decimal_is_taken_for_a_thousands_dot(klein: Path, written: str) -> None:
    (klein / "eckwerte.yaml").write_text(f"wert: {written}\n", encoding="utf-8")
    (klein / "diagramme.yaml").write_text(CHART.format(extra="  einheit: prozent\n", values=f"{written}, 1, 2"),
                                          encoding="utf-8")
    assert warnings_of(klein) == []


def amounts_back(klein: Path, written: str) -> None:
    replace_in(klein / "haushalt.yaml", f"{{2023: 500000, 2024: {written}}}", "{2023: 500000, 2024: 450000}")


# --- Deutsche Zahlen als Text --------------------------------------------------------


@pytest.mark.parametrize(("written", "plain"), [('"8.112.295"', "8112295"), ('"24,5"', "24.5"), ("24,5", "24.5"),
                                                ("8.112.295", "8112295"), ('"1.234,56"', "1234.56"),
                                                ('"7.412"', "7412"), ('"-2,5"', "-2.5")])
def test_a_german_number_as_text_says_how_to_write_it(klein: Path, written: str, plain: str) -> None:
    (klein / "eckwerte.yaml").write_text(f"wert: {written}\n", encoding="utf-8")
    shown = written.strip('"')
    assert problems_of(klein) == [f"eckwerte.yaml:1:1  eckwerte.wert: erwartet eine Zahl, gefunden „{shown}“; "
                                  f"ohne Tausenderpunkt, mit Dezimalpunkt: {plain}"]


@pytest.mark.parametrize(("file", "content", "where"), [
    ("tabellen.yaml", table('"8.112.295"'), "tabellen.yaml:8:32  tabellen.elb.bloecke[0].zeilen[0].wert"),
    ("tabellen.yaml", PROFILES.format(values='"8.112.295", 5'),
     "tabellen.yaml:7:96  tabellen.profile.gruppen[0].profile[0].werte[0]"),
    ("haushalt.yaml", "positionen:\n  - {bezeichnung: VK, bereich: VK, betraege: {2023: 1, 2024: \"8.112.295\"}}\n"
                      "  - {bezeichnung: EGL, bereich: EGL, betraege: {2023: 1, 2024: 2}}\n",
     "haushalt.yaml:2:56  haushalt.positionen[0].betraege[2024]"),
])
def test_german_numbers_as_text_in_cells_and_amounts(klein: Path, file: str, content: str, where: str) -> None:
    (klein / file).write_text(content, encoding="utf-8")
    assert problems_of(klein) == [f"{where}: erwartet eine Zahl, gefunden „8.112.295“; ohne Tausenderpunkt, "
                                  "mit Dezimalpunkt: 8112295"]


# --- Höchstwerte ----------------------------------------------------------------------


def test_amounts_up_to_a_billion_euro(klein: Path) -> None:
    amounts(klein, vk="1000000000000", egl="-1000000000000")
    validate_program(load_data_set(klein))


@pytest.mark.parametrize(("written", "message"), [
    ("1000000000000.01", "darf höchstens 1.000.000.000.000 sein, gefunden „1000000000000.01“"),
    ("10000000000000000000000000000", "darf höchstens 1.000.000.000.000 sein, gefunden „10000000000000000000000000000“"),
    ("1.0e+300", "darf höchstens 1.000.000.000.000 sein, gefunden „1e+300“"),
    ("-1.0e+28", "muss mindestens -1.000.000.000.000 sein, gefunden „-1e+28“"),
    (".inf", "erwartet eine Zahl, gefunden „inf“"),
    ("450000.125", "hat mehr als 2 Nachkommastellen (Cent), gefunden „450000.125“"),
])
def test_amounts_beyond_the_maximum(klein: Path, written: str, message: str) -> None:
    amounts(klein, vk="1100000", egl=written)
    assert problems_of(klein) == [f"haushalt.yaml:7:30  haushalt.positionen[1].betraege[2024]: {message}"]


@pytest.mark.parametrize(("file", "content", "message"), [
    ("eckwerte.yaml", "wert: -1.0e+13\n", "eckwerte.yaml:1:1  eckwerte.wert: muss mindestens -1.000.000.000.000 sein, "
                                          "gefunden „-10000000000000.0“"),
    ("tabellen.yaml", table("1.0e+13"), "tabellen.yaml:8:32  tabellen.elb.bloecke[0].zeilen[0].wert: "
                                                     "darf höchstens 1.000.000.000.000 sein, gefunden „10000000000000.0“"),
    ("tabellen.yaml", PROFILES.format(values="1000000001, 5"), "tabellen.yaml:7:96  tabellen.profile.gruppen[0]"
                                                               ".profile[0].werte[0]: darf höchstens 1.000.000.000 "
                                                               "sein, gefunden „1000000001“"),
    ("programme.yaml", PROGRAMS.format(field="stellen", value="1000000001"),
     "programme.yaml:4:3  programme.esf.stellen: darf höchstens 1.000.000.000 sein, gefunden „1000000001“"),
    ("diagramme.yaml", CHART.format(extra="", values="1, 2, 1.0e+13"),
     "diagramme.yaml:7:33  diagramme.elb.reihen[0].werte[2]: darf höchstens 1.000.000.000.000 sein, "
     "gefunden „10000000000000.0“"),
])
def test_other_numbers_beyond_their_maximum(klein: Path, file: str, content: str, message: str) -> None:
    (klein / file).write_text(content, encoding="utf-8")
    assert problems_of(klein) == [message]


# --- Texte in Abbildungen -------------------------------------------------------------


def test_chart_texts_are_bounded(klein: Path) -> None:
    chart = CHART.format(extra="  achse_x: " + "x" * 201 + "\n", values="1, 2, 3")
    chart = chart.replace('["2015", "2016", "2017"]', '["' + "Wort " * 41 + '", "2016", "2017"]')
    (klein / "diagramme.yaml").write_text(chart, encoding="utf-8")
    assert problems_of(klein) == ["diagramme.yaml:5:3  diagramme.elb.achse_x: ist länger als 200 Zeichen",
                                  "diagramme.yaml:6:16  diagramme.elb.kategorien[0]: ist länger als 200 Zeichen"]
