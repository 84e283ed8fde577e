"""Every jobcenter's program: periods, Träger, target layers, look-back, EGL plan, VK, stated values, terms."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MUSTERLAND
from datasets import append_to, replace_in, write_yaml
from pdftext import pdf_pages

from amip.cli import main
from amip.derive import derive_figures
from amip.load import load_data_set
from amip.model.haushalt import Bereich
from amip.model.kennzahlen import CODES, kennzahl
from amip.model.programm import Program
from amip.model.references import validate_program

K3_FAMILY_BEFORE_2019 = {
    "K3": "Veränderung des Bestands an Langzeitleistungsbeziehern",
    "K3E1": "Integrationsquote der Langzeitleistungsbezieher",
    "K3E2": "Aktivierungsquote der Langzeitleistungsbezieher",
    "K3E3": "Durchschnittliche Zugangsrate der Langzeitleistungsbezieher",
    "K3E4": "Durchschnittliche Abgangsrate der Langzeitleistungsbezieher",
}
"""§ 6 SGBIIKennzV before the amendment of 22.03.2019, as in the Elbe-Elster 2017 reference."""

OFFICIAL_NAMES = {
    "K1": "Veränderung der Summe der Leistungen zum Lebensunterhalt (ohne Leistungen für Unterkunft und Heizung)",
    "K1E1": "Veränderung der Summe der Leistungen für Unterkunft und Heizung",
    "K1E2": "Veränderung der Zahl der erwerbsfähigen Leistungsberechtigten",
    "K1E3": "Durchschnittliche Zugangsrate der erwerbsfähigen Leistungsberechtigten",
    "K1E4": "Durchschnittliche Abgangsrate der erwerbsfähigen Leistungsberechtigten",
    "K2": "Integrationsquote",
    "K2E1": "Quote der Eintritte in geringfügige Beschäftigung",
    "K2E2": "Quote der Eintritte in öffentlich geförderte Beschäftigung",
    "K2E3": "Kontinuierliche Beschäftigung nach Integration",
    "K2E4": "Integrationsquote der Alleinerziehenden",
    "K3": "Veränderung des Bestands an Langzeitleistungsbeziehenden",
    "K3E1": "Integrationsquote der Langzeitleistungsbeziehenden",
    "K3E2": "Aktivierungsquote der Langzeitleistungsbeziehenden",
    "K3E3": "Durchschnittliche Zugangsrate der Langzeitleistungsbeziehenden",
    "K3E4": "Durchschnittliche Abgangsrate der Langzeitleistungsbeziehenden",
}
"""§§ 4-6 SGBIIKennzV in the version in force since 22.03.2019 (checked against gesetze-im-internet.de)."""


def program_of(data: Path) -> Program:
    return validate_program(load_data_set(data))


def build(data: Path, target: Path) -> list[str]:
    assert main(["build", str(data), "-o", str(target)]) == 0
    return pdf_pages(target)


def errors(data: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(data)]) == 1
    return capsys.readouterr().err


def warnings(data: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(data)]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.fixture
def zweijahre(klein: Path) -> Path:
    """The small data set as a program for 2019/2020 with a budget for 2018, 2019 and 2020."""
    replace_in(klein / "programm.yaml", "jahr: 2024\nstand: 2023-11-30", "jahr: 2019/2020\nstand: 2018-11-30")
    write_yaml(klein / "haushalt.yaml", {"positionen": [
        {"bezeichnung": "Verwaltungskosten", "bereich": "VK", "betraege": {2018: 1000, 2019: 1100, 2020: 1200}},
        {"bezeichnung": "Eingliederungsleistungen", "bereich": "EGL", "betraege": {2018: 500, 2019: 600, 2020: 550}},
    ]})
    return klein


# 1. Zeiträume ----------------------------------------------------------------------------


def test_a_two_year_period_has_the_year_before_as_vorjahr(zweijahre: Path, tmp_path: Path) -> None:
    program = program_of(zweijahre)
    assert (str(program.period), program.years, program.previous_year) == ("2019/2020", [2019, 2020], 2018)
    pages = build(zweijahre, tmp_path / "p.pdf")
    assert "des Jobcenters Musterkreis für die Jahre 2019 und 2020" in pages[0]
    budget = " ".join(pages)
    assert "2018 Plan 2019 Plan 2020 Delta 2018/ 2019 Delta 2019/ 2020" in budget
    assert "Gesamtbudget 1.500 € 1.700 € 1.750 € 200 € 13,3 % 50 € 2,9 %" in budget


@pytest.mark.parametrize(("value", "first", "last"), [("2019/2020", 2019, 2020), ("2019-2020", 2019, 2020),
                                                      ("2017", 2017, 2017)])
def test_period_forms(klein: Path, value: str, first: int, last: int) -> None:
    replace_in(klein / "programm.yaml", "jahr: 2024", f'jahr: "{value}"')
    replace_in(klein / "haushalt.yaml", "{2023: 1000000, 2024: 1100000}",
               "{" + ", ".join(f"{year}: 1" for year in range(first - 1, last + 1)) + "}")
    replace_in(klein / "haushalt.yaml", "{2023: 500000, 2024: 450000}",
               "{" + ", ".join(f"{year}: 1" for year in range(first - 1, last + 1)) + "}")
    program = program_of(klein)
    assert (program.period.first, program.period.last) == (first, last)


@pytest.mark.parametrize("value", ["2019/2021", "2020/2019", "zwölf", "1999"])
def test_a_period_is_one_year_or_two_consecutive(klein: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    replace_in(klein / "programm.yaml", "jahr: 2024", f"jahr: {value}")
    assert "jahr: erwartet ein Jahr (2017) oder zwei aufeinanderfolgende Jahre (2019/2020)" in errors(klein, capsys)


def test_a_two_year_budget_needs_every_year(zweijahre: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(zweijahre / "haushalt.yaml", "2020: 550", "2021: 550")
    assert ("haushalt.positionen[1].betraege: braucht Beträge für genau die Jahre 2018, 2019 und 2020, "
            "gefunden: 2018, 2019, 2021") in errors(zweijahre, capsys)


# 2. Träger -------------------------------------------------------------------------------


def test_ge_defaults_title_body_and_partner(klein: Path) -> None:
    append_to(klein / "programm.yaml", "status: beschlossen\nbeschluss: {datum: 2023-12-08}\n")
    replace_in(klein / "programm.yaml", "kommune: Landkreis Musterkreis",
               "kommune: Landkreis Musterkreis\n  agentur: Agentur für Arbeit Musterstadt")
    program = program_of(klein)
    assert program.title == "Arbeitsmarkt- und Integrationsprogramm"
    assert program.approving_body == "Trägerversammlung"
    assert program.jobcenter.target_partner == "Agentur für Arbeit Musterstadt"


@pytest.mark.parametrize(("kommune", "body"), [("Landkreis Musterkreis", "Kreistag"), ("Stadt Musterstadt", "Rat")])
def test_zkt_defaults_title_body_and_partner(klein: Path, tmp_path: Path, kommune: str, body: str) -> None:
    replace_in(klein / "programm.yaml", "traeger: gE\n  kommune: Landkreis Musterkreis",
               f"traeger: zkT\n  kommune: {kommune}\n  landesbehoerde: Ministerium für Arbeit des Landes")
    append_to(klein / "programm.yaml", "status: beschlossen\nbeschluss: {datum: 2023-12-08}\n")
    program = program_of(klein)
    assert (program.title, program.approving_body) == ("Arbeitsmarktprogramm", body)
    assert program.jobcenter.target_partner == "Ministerium für Arbeit des Landes"
    assert f"Beschlossen: {body}, 08.12.2023" in build(klein, tmp_path / "z.pdf")[0]


def test_a_given_title_and_body_win(klein: Path) -> None:
    replace_in(klein / "programm.yaml", "traeger: gE", "traeger: zkT")
    append_to(klein / "programm.yaml", "titel: Arbeitsmarkt- und Integrationsprogramm\nstatus: beschlossen\n"
                                       "beschluss: {datum: 2023-12-08, gremium: Ausschuss für Soziales}\n")
    program = program_of(klein)
    assert (program.title, program.approving_body) == ("Arbeitsmarkt- und Integrationsprogramm",
                                                       "Ausschuss für Soziales")


def test_targets_agreed_with_nobody_are_an_error(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in(klein / "programm.yaml", "traeger: gE", "traeger: zkT")
    write_yaml(klein / "ziele.yaml", {"bund": {"titel": "Kennzahlen", "art": "kennzahlen",
                                               "ziele": [{"kennzahl": "K2", "zielwert": 20}]}})
    assert ("ziele.bund.vereinbart_mit: mit wem sind die Ziele vereinbart? Bitte vereinbart_mit angeben oder "
            "jobcenter.landesbehoerde in programm.yaml") in errors(klein, capsys)


# 3. Kennzahlen und Zielebenen ------------------------------------------------------------


def test_catalogue_holds_every_official_name_since_2019() -> None:
    after = datetime.date(2019, 3, 22)
    assert {code: kennzahl(code, after).name for code in CODES} == OFFICIAL_NAMES


def test_k3_family_reads_langzeitleistungsbezieher_before_the_amendment() -> None:
    before = datetime.date(2019, 3, 21)
    names = {code: kennzahl(code, before).name for code in CODES}
    assert names == {**OFFICIAL_NAMES, **K3_FAMILY_BEFORE_2019}
    assert kennzahl("K3", before).goal == "Vermeidung von langfristigem Leistungsbezug"


def test_unknown_kennzahl_lists_the_known_ones(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_yaml(klein / "ziele.yaml", {"bund": {"titel": "K", "ziele": [{"kennzahl": "K4", "zielwert": 1}]}})
    assert "„K4“ ist keine Kennzahl nach § 48a SGB II; bekannt sind K1, K1E1" in errors(klein, capsys)


def test_a_kennzahl_brings_goal_measure_unit_and_direction(klein: Path) -> None:
    write_yaml(klein / "ziele.yaml", {"bund": {"titel": "Kennzahlen", "art": "kennzahlen", "vereinbart_mit": "RD",
                                               "ziele": [
        {"kennzahl": "K3", "zielwert": -2.5, "bezugswert": 2140, "bezug": "September 2023", "istwert": -3.0},
        {"kennzahl": "k2", "zielwert": 22.5, "nach_geschlecht": {"frauen": 19.8, "maenner": 25.0}},
        {"kennzahl": "K3E2", "nur_monitoring": True}]}})
    k3, k2, k3e2 = derive_figures(program_of(klein)).goals["bund"].goals
    assert (k3.goal, k3.measure, k3.unit.value) == ("Vermeidung von langfristigem Leistungsbezug",
                                                    OFFICIAL_NAMES["K3"], "veraenderung")
    assert k3.target_absolute == Decimal("2086.500") and k3.reached is True
    assert (k2.spec.kennzahl, k2.unit.value, k2.spec.by_sex.women, k2.spec.by_sex.men) == ("K2", "quote", Decimal("19.8"), 25)
    assert k3e2.spec.monitoring_only and k3e2.spec.target is None


def test_target_layers_of_every_owner_in_the_pdf(klein: Path, tmp_path: Path) -> None:
    write_yaml(klein / "ziele.yaml", {
        "bund": {"titel": "Kennzahlen nach § 48a SGB II", "art": "kennzahlen", "vereinbart_mit": "Agentur X",
                 "ziele": [{"kennzahl": "K2", "zielwert": 22.5, "nach_geschlecht": {"frauen": 19.8, "maenner": 25}},
                           {"kennzahl": "K3", "zielwert": -2.5, "bezugswert": 2140, "bezug": "Sept. 2023"}]},
        "land": {"titel": "Ziele des Landes", "art": "land", "vereinbart_mit": "Landesministerium",
                 "ziele": [{"ziel": "Geflüchtete integrieren", "messgroesse": "Integrationen", "einheit": "anzahl",
                            "zielwert": 180}]},
        "programm": {"titel": "Ziele des Bundesprogramms", "art": "bundesprogramm",
                     "ziele": [{"ziel": "Teilhabe", "messgroesse": "Eintritte § 16i", "nur_monitoring": True}]}})
    append_to(klein / "programm.yaml", "  - titel: Ziele\n    inhalt:\n"
                                       "      - ziele: bund\n      - ziele: land\n      - ziele: programm\n")
    text = " ".join(build(klein, tmp_path / "z.pdf"))
    assert "vereinbart mit: Agentur X" in text and "vereinbart mit: Landesministerium" in text
    assert "Bezugswert Zielwert 2024 Frauen Männer" in text
    assert "K2 Verbesserung der Integration in Erwerbstätigkeit Integrationsquote 22,5 % 19,8 % 25,0 %" in text
    assert "2.140 Sept. 2023 -2,5 % = 2.087" in text
    assert "Geflüchtete integrieren Integrationen 180" in text
    assert "Teilhabe Eintritte § 16i nur Monitoring" in text


# 4. Rückblick ----------------------------------------------------------------------------


def test_look_back_shows_actual_difference_and_result(musterland_pages: list[str]) -> None:
    page = next(text for text in musterland_pages if "Zielerreichung im Vorjahr" in text).replace("‐ ", "")
    assert "Zielerreichung im Vorjahr: Kennzahlen nach § 48a SGB II 2024" in page
    assert "Integrationsquote 22,0 % 21,4 % -0,6 Pp. nicht erreicht" in page
    assert "Langzeitleistungsbeziehenden -3,0 % -3,6 % -0,6 Pp. erreicht" in page
    assert "Alleinerziehenden 13,5 % 14,1 % +0,6 Pp. erreicht" in page
    assert "nur Monitoring +1,8 % –" in page


def test_look_back_needs_every_actual_value(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_yaml(klein / "ziele.yaml", {"vorjahr": {"titel": "Lokal", "jahr": 2023, "ziele": [
        {"ziel": "A", "messgroesse": "a", "einheit": "anzahl", "zielwert": 10, "istwert": 12},
        {"ziel": "B", "messgroesse": "b", "einheit": "anzahl", "zielwert": 10}]}})
    append_to(klein / "programm.yaml", "  - titel: Rückblick\n    inhalt:\n      - zielerreichung: vorjahr\n")
    assert ("ziele.vorjahr.ziele[1].istwert: der Rückblick (zielerreichung) braucht zu jedem Zielwert den istwert"
            in errors(klein, capsys))


@pytest.mark.parametrize(("target", "actual", "richtung", "reached"), [
    (10, 12, None, True), (10, 8, None, False), (-3, -4, None, True), (-3, -2, None, False),
    (3.8, 3.5, "sinken", True), (3.8, 4.0, "sinken", False), (5, 5, "steigen", True)])
def test_reached_follows_the_direction(klein: Path, target: float, actual: float, richtung: str | None,
                                       reached: bool) -> None:
    goal = {"ziel": "Z", "messgroesse": "m", "einheit": "veraenderung" if target < 0 else "anzahl",
            "zielwert": target, "istwert": actual, **({"richtung": richtung} if richtung else {})}
    write_yaml(klein / "ziele.yaml", {"l": {"titel": "L", "ziele": [goal]}})
    assert derive_figures(program_of(klein)).goals["l"].goals[0].reached is reached


# 5. EGL-Planung, Umschichtung, Mittel außerhalb -------------------------------------------


def test_teilbudgets_numbered_with_cents_shares_groups_and_status(musterland_pages: list[str]) -> None:
    text = " ".join(musterland_pages)
    assert "Planung der Eingliederungsleistungen 2025 nach Teilbudgets Stand der Planung: vorläufig" in text
    assert "I Aktivierung und Vermittlung" in text and "VIII Freie Förderung und Einstiegsgeld" in text
    assert "VII Eingliederung von Langzeitarbeitslosen nach § 16e SGB II 55 412.633,86 € 4,7 %" in text
    assert "Summe 3.165 335 8.858.083,86 € 100,0 %" in text
    assert "davon integrationsorientiert 5.760.833,86 € 65,0 % davon beschäftigungsschaffend 2.715.250,00 € 30,7 %" in text


def test_umschichtung_as_share_moves_money_between_titles(musterland_pages: list[str]) -> None:
    text = " ".join(musterland_pages)
    assert "Umschichtung vom Eingliederungs- in den Verwaltungskostentitel 984.231,54 €" in text
    assert "EGL nach Umschichtung 8.858.083,86 € VKB nach Umschichtung 8.582.431,54 €" in text
    assert "Umschichtung 2025: 10,0 % des Eingliederungstitels (EGL gesamt 2025)." in text


@pytest.mark.parametrize(("transfer", "egl", "vk"), [
    ({"richtung": "egl_nach_vk", "betrag": 50000}, 400000, 1150000),
    ({"richtung": "vk_nach_egl", "anteil": 20}, 540000, 1010000)])
def test_umschichtung_in_either_direction(klein: Path, transfer: dict[str, object], egl: int, vk: int) -> None:
    append_to(klein / "haushalt.yaml", "umschichtungen:\n  - " + str(transfer).replace("'", "") + "\n")
    figures = derive_figures(program_of(klein))
    assert figures.budget is not None
    assert (figures.budget.available(Bereich.EGL, 2024), figures.budget.available(Bereich.VK, 2024)) == (egl, vk)
    assert figures.budget.grand_total.amounts[2024] == 1550000


def test_egl_plan_that_misses_the_budget_warns(klein: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append_to(klein / "haushalt.yaml", "umschichtungen: [{richtung: egl_nach_vk, betrag: 50000}]\n"
                                       "egl_planung:\n  zeilen:\n    - {bezeichnung: A, betrag: 450000.50}\n")
    assert ("die EGL-Planung ergibt zusammen 450.000,5 €, das EGL-Budget 2024 nach Umschichtung beträgt 400.000 €"
            in warnings(klein, capsys))


def test_money_outside_the_gesamtbudget_stays_outside(musterland_pages: list[str]) -> None:
    program = program_of(MUSTERLAND)
    figures = derive_figures(program)
    assert figures.other_funds is not None and figures.budget is not None
    assert figures.other_funds.totals == {2025: Decimal("1040350.75"), 2026: Decimal("828350.75")}
    assert figures.budget.grand_total.amounts[2025] == Decimal("17440515.40")
    text = " ".join(musterland_pages)
    assert "Mittel außerhalb des Gesamtbudgets nicht im Gesamtbudget enthalten" in text
    assert "Summe 1.040.350,75 € 828.350,75 €" in text


# 6. Verwaltungskosten im Einzelnen --------------------------------------------------------


def test_vk_detail_with_difference_and_vzae(musterland_pages: list[str]) -> None:
    text = " ".join(musterland_pages)
    assert "Personalkosten 6.912.000,00 € 6.845.300,00 € -66.700,00 €" in text
    assert "Gemeinkosten der Kreisverwaltung 254.000,00 € 302.000,00 € +48.000,00 €" in text
    assert "Summe 8.582.500,00 € 8.582.431,54 € -68,46 €" in text
    assert "Summe 153,5" in text


# 7. Angegebene Werte ----------------------------------------------------------------------


def test_a_stated_total_within_tolerance_is_printed_as_stated(musterland_pages: list[str]) -> None:
    assert "Gesamtbudget 17.028.623,00 € 17.440.515,40 €" in " ".join(musterland_pages)


@pytest.mark.parametrize(("addition", "message"), [
    ("summen:\n  egl_gesamt: {2024: 450002}\n",
     "haushalt.summen.egl_gesamt[2024]: EGL gesamt 2024: angegeben 450.002, berechnet 450.000 "
     "(Abweichung größer als die Toleranz 1)"),
    ("verwaltungskosten:\n  positionen:\n    - {bezeichnung: P, haushaltsplan: 10, geschaeftsplan: 12, abweichung: 5}\n",
     "haushalt.verwaltungskosten.positionen[0].abweichung: Abweichung „P“: angegeben 5, berechnet 2"),
    ("egl_planung:\n  summe: 450010\n  zeilen: [{bezeichnung: A, betrag: 450000}]\n",
     "haushalt.egl_planung.summe: Summe der EGL-Planung: angegeben 450.010, berechnet 450.000"),
])
def test_a_stated_value_off_by_more_than_the_tolerance_warns(klein: Path, capsys: pytest.CaptureFixture[str],
                                                             addition: str, message: str) -> None:
    append_to(klein / "haushalt.yaml", addition)
    assert message in warnings(klein, capsys)


def test_stated_value_is_kept_not_overwritten(klein: Path) -> None:
    append_to(klein / "haushalt.yaml", "summen:\n  egl_gesamt: {2024: 450002}\n")
    figures = derive_figures(program_of(klein))
    assert figures.budget is not None
    assert figures.budget.grand_total.amounts[2024] == 1550000
    assert figures.budget.area_totals[Bereich.EGL].amounts[2024] == 450002


# 8. Begriffe nach Zeitraum ----------------------------------------------------------------


@pytest.mark.parametrize(("year", "leistung", "elb", "vereinbarung"), [
    (2022, "Arbeitslosengeld II / Sozialgeld", "Arbeitslosengeld II", "Eingliederungsvereinbarung"),
    (2023, "Bürgergeld", "Bürgergeld", "Eingliederungsvereinbarung"),
    (2024, "Bürgergeld", "Bürgergeld", "Kooperationsplan")])
def test_terms_follow_the_law_in_force(klein: Path, tmp_path: Path, year: int, leistung: str, elb: str,
                                       vereinbarung: str) -> None:
    replace_in(klein / "programm.yaml", "jahr: 2024\nstand: 2023-11-30", f"jahr: {year}\nstand: {year - 1}-11-30")
    for position in ("{2023: 1000000, 2024: 1100000}", "{2023: 500000, 2024: 450000}"):
        replace_in(klein / "haushalt.yaml", position, f"{{{year - 1}: 1, {year}: 1}}")
    (klein / "texte" / "einleitung.md").write_text(
        "Leistung: {{ begriffe.leistung }}. ELB: {{ begriffe.leistung_elb }}. "
        "Vereinbarung: {{ begriffe.eingliederungsvereinbarung }}.\n", encoding="utf-8")
    text = " ".join(build(klein, tmp_path / "b.pdf")).replace("‐ ", "")  # words hyphenated at a line end
    assert f"Leistung: {leistung}. ELB: {elb}. Vereinbarung: {vereinbarung}." in text


def test_a_pinned_term_wins(klein: Path, tmp_path: Path) -> None:
    append_to(klein / "programm.yaml", "begriffe:\n  leistung: Grundsicherungsgeld\n")
    (klein / "texte" / "einleitung.md").write_text("Wer {{ begriffe.leistung }} bezieht …\n", encoding="utf-8")
    assert "Wer Grundsicherungsgeld bezieht" in " ".join(build(klein, tmp_path / "b.pdf"))


# 9. Das zweite Beispiel, und Struktur als Datenänderung -----------------------------------


def test_second_example_validates_without_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strikt", str(MUSTERLAND)]) == 0
    assert "Warnung" not in capsys.readouterr().err


def test_second_example_is_a_zkt_for_two_years_and_says_it_is_invented(musterland_pages: list[str]) -> None:
    assert "Arbeitsmarktprogramm des Jobcenters Landkreis Musterland für die Jahre 2025 und 2026" in musterland_pages[0]
    assert "Beschlossen: Kreistag, 12.12.2024" in musterland_pages[0]
    assert "erfundenes Beispiel" in musterland_pages[2]
    assert "vereinbart mit: Landesministerium für Arbeit, Soziales und Integration" in " ".join(musterland_pages)
    assert "Kooperationsplan" in " ".join(musterland_pages)


def test_new_chapter_egl_line_and_target_layer_are_data_only(klein: Path, tmp_path: Path) -> None:
    append_to(klein / "haushalt.yaml", "egl_planung:\n  nummeriert: true\n  zeilen:\n"
                                       "    - {bezeichnung: Vermittlungsbudget, betrag: 400000}\n"
                                       "    - {bezeichnung: Neues Teilbudget Coaching, betrag: 50000, plaetze: 12}\n")
    write_yaml(klein / "ziele.yaml", {"landesprogramm": {"titel": "Ziele des Landesprogramms", "art": "landesprogramm",
                                                         "ziele": [{"ziel": "Coaching", "messgroesse": "Eintritte",
                                                                    "einheit": "anzahl", "zielwert": 40}]}})
    append_to(klein / "programm.yaml", "  - titel: Ein neues Kapitel\n    inhalt:\n"
                                       "      - haushalt: egl_planung\n      - ziele: landesprogramm\n")
    text = " ".join(build(klein, tmp_path / "n.pdf"))
    assert "3 Ein neues Kapitel" in text
    assert "II Neues Teilbudget Coaching 12 50.000 € 11,1 %" in text
    assert "Coaching Eintritte 40" in text
