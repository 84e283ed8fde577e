"""The typed, validated data model of an Arbeitsmarkt- und Integrationsprogramm.

YAML keys are German (the clerks' language); Python attributes are English with the
German key as alias. Every field carries a docstring that says what it holds.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PlainValidator, Tag, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from amip.errors import DataError, Problem
from amip.load import Location, RawDataSet, data_set_file, dotted
from amip.messages import did_you_mean, problems_from


class Schema(BaseModel):
    """Base of all models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                              validate_by_alias=True, validate_by_name=False)


# --- Stammdaten -----------------------------------------------------------------------


class Traeger(str, Enum):
    """Form of the Jobcenter: gemeinsame Einrichtung or zugelassener kommunaler Träger."""

    gE = "gE"
    zkT = "zkT"


class Jobcenter(Schema):
    """The Jobcenter that publishes the program."""

    name: str
    """Name, z. B. „Jobcenter Elbe-Elster“."""
    genitive: str = Field(alias="genitiv")
    """Name im Genitiv für den Titel, z. B. „des Jobcenters Elbe-Elster“."""
    traeger: Traeger
    """gE (gemeinsame Einrichtung) oder zkT (zugelassener kommunaler Träger)."""
    kommune: str
    """Kommunaler Träger, z. B. „Landkreis Elbe-Elster“."""
    agentur: str | None = None
    """Agentur für Arbeit, die Trägerin einer gE ist."""


class Signature(Schema):
    """Place, date and signatory at the end of the program."""

    place: str = Field(alias="ort")
    """Ort der Unterzeichnung."""
    date: datetime.date = Field(alias="datum")
    """Datum der Unterzeichnung (JJJJ-MM-TT)."""
    name: str | None = None
    """Name der unterzeichnenden Person."""
    role: str = Field(alias="funktion")
    """Funktion, z. B. „Geschäftsführerin“."""


class Status(str, Enum):
    """Where the program stands: a draft, or approved by its body."""

    entwurf = "entwurf"
    beschlossen = "beschlossen"


APPROVING_BODY = {Traeger.gE: "Trägerversammlung", Traeger.zkT: "Kreistag"}
"""Who approves the program unless the data says otherwise: gE → Trägerversammlung, zkT → Kreistag."""


class Beschluss(Schema):
    """The approval of the program."""

    date: datetime.date = Field(alias="datum")
    """Datum des Beschlusses."""
    body: str | None = Field(None, alias="gremium")
    """Beschließendes Gremium; ohne Angabe Trägerversammlung (gE) oder Kreistag (zkT)."""


# --- Gliederung ---------------------------------------------------------------------


class TextBlock(Schema):
    """Prose from a Markdown file of the data set."""

    text: str
    """Pfad der Markdown-Datei, relativ zum Datensatz, z. B. texte/vorwort.md."""


class TableBlock(Schema):
    """A statistical table from tabellen.yaml."""

    table: str = Field(alias="tabelle")
    """Name der Tabelle in tabellen.yaml."""


class GoalsBlock(Schema):
    """The goals table of one target layer from ziele.yaml."""

    layer: str = Field(alias="ziele")
    """Name der Zielebene in ziele.yaml, z. B. lokal."""


class BudgetBlock(Schema):
    """The budget overview from haushalt.yaml."""

    view: Literal["uebersicht"] = Field(alias="haushalt")
    """Welche Haushaltstabelle: uebersicht."""


class ChartBlock(Schema):
    """A figure from diagramme.yaml."""

    chart: str = Field(alias="diagramm")
    """Name der Abbildung in diagramme.yaml."""


class ProgramBlock(Schema):
    """A Bundes-, Landes- or local program with its text from programme.yaml."""

    program: str = Field(alias="programm")
    """Name des Programms in programme.yaml."""


class SignatureBlock(Schema):
    """Place, date and signature."""

    signature: Literal[True] = Field(alias="unterzeichnung")
    """true: hier stehen Ort, Datum und Unterschrift."""


BLOCK_TYPES: dict[str, type[Schema]] = {
    "text": TextBlock, "tabelle": TableBlock, "ziele": GoalsBlock, "haushalt": BudgetBlock,
    "diagramm": ChartBlock, "programm": ProgramBlock, "unterzeichnung": SignatureBlock,
}



def _block_tag(value: Any) -> str | None:
    """The block kind: the one key of BLOCK_TYPES that a mapping has."""
    if isinstance(value, BaseModel):
        kinds = [key for key, cls in BLOCK_TYPES.items() if cls is type(value)]
    elif isinstance(value, dict):
        kinds = [key for key in value if key in BLOCK_TYPES]
    else:
        return None
    return f"<{kinds[0]}>" if len(kinds) == 1 else None


Block = Annotated[
    Union[tuple(Annotated[cls, Tag(f"<{key}>")] for key, cls in BLOCK_TYPES.items())],  # type: ignore[misc]
    Discriminator(_block_tag, custom_error_type="baustein",
                  custom_error_message="ein Baustein braucht genau einen der Schlüssel " + ", ".join(BLOCK_TYPES),
                  custom_error_context={"allowed": ", ".join(BLOCK_TYPES)}),
]


class Section(Schema):
    """A numbered section of a chapter (2.1, 2.2, …)."""

    title: str = Field(alias="titel")
    """Überschrift des Abschnitts."""
    blocks: list[Block] = Field(default_factory=list, alias="inhalt")
    """Bausteine des Abschnitts in ihrer Reihenfolge."""


class Chapter(Schema):
    """A chapter of the program: its own blocks, then its sections."""

    title: str = Field(alias="titel")
    """Überschrift des Kapitels."""
    numbered: bool = Field(True, alias="nummeriert")
    """false für Vorwort und ähnliche Teile ohne Nummer."""
    blocks: list[Block] = Field(default_factory=list, alias="inhalt")
    """Bausteine vor dem ersten Abschnitt."""
    sections: list[Section] = Field(default_factory=list, alias="abschnitte")
    """Nummerierte Abschnitte des Kapitels."""


# --- Haushalt -----------------------------------------------------------------------


class Bereich(str, Enum):
    """Budget area: Verwaltungskosten or Eingliederungsleistungen."""

    VK = "VK"
    EGL = "EGL"


class BudgetPosition(Schema):
    """One line of the budget with its amount per year."""

    label: str = Field(alias="bezeichnung")
    """Bezeichnung, wie sie in der Tabelle steht."""
    area: Bereich = Field(alias="bereich")
    """VK oder EGL: zu welcher Summe die Zeile zählt."""
    amounts: dict[int, Decimal] = Field(alias="betraege")
    """Betrag in Euro je Jahr: Vorjahr und Planjahr, z. B. {2016: 8476348, 2017: 8112295}."""


class Personnel(Schema):
    """Staff capacity of the Jobcenter."""

    capacities: Decimal = Field(alias="kapazitaeten", ge=0)
    """Mitarbeiterkapazitäten insgesamt."""
    share_ba: Decimal = Field(alias="anteil_ba", ge=0, le=100)
    """Anteil der Bundesagentur für Arbeit in Prozent; der kommunale Anteil ergibt sich."""


class Instrument(Schema):
    """Planned Eingliederungsleistungen of the program year for one instrument."""

    label: str = Field(alias="bezeichnung")
    """Instrument, z. B. „Eingliederungszuschüsse (EGZ)“."""
    amount: Decimal = Field(alias="betrag", ge=0)
    """Geplanter Betrag im Planjahr in Euro."""
    group: str | None = Field(None, alias="gruppe")
    """Gruppe, deren Anteil Texte nennen, z. B. „2. Arbeitsmarkt“."""


class Haushalt(Schema):
    """Budget of the previous and the program year."""

    title: str | None = Field(None, alias="titel")
    """Überschrift der Budgettabelle."""
    plan_label: str = Field("Plan", alias="bezeichnung_planjahr")
    """Wort vor dem Planjahr im Tabellenkopf, z. B. „Schätzwerte“."""
    positions: list[BudgetPosition] = Field(alias="positionen", min_length=1)
    """Die Zeilen des Budgets; Summen berechnet amip."""
    kommunaler_finanzierungsanteil: Decimal | None = Field(None, ge=0, le=100)
    """Kommunaler Finanzierungsanteil an den Verwaltungskosten in Prozent."""
    personnel: Personnel | None = Field(None, alias="personal")
    """Personalausstattung."""
    instruments: list[Instrument] = Field(default_factory=list, alias="instrumente")
    """Planung der Eingliederungsleistungen nach Instrumenten; die Summe entspricht dem EGL-Budget."""


# --- Ziele --------------------------------------------------------------------------


class Einheit(str, Enum):
    """How a Zielwert is meant: a quota, a change against the previous year, or a count."""

    quote = "quote"
    veraenderung = "veraenderung"
    anzahl = "anzahl"


class Ziel(Schema):
    """One target with its Messgröße and Zielwert."""

    kennzahl: str | None = None
    """Kurzzeichen der Kennzahl nach § 48a SGB II (K1, K2, K3), sonst leer."""
    goal: str = Field(alias="ziel")
    """Das Ziel in Worten."""
    measure: str = Field(alias="messgroesse")
    """Woran das Ziel gemessen wird."""
    unit: Einheit | None = Field(None, alias="einheit")
    """quote (in %), veraenderung (in % zum Vorjahr) oder anzahl."""
    target: Decimal | None = Field(None, alias="zielwert")
    """Zielwert als Zahl."""
    target_text: str | None = Field(None, alias="zielwert_text")
    """Zielwert in Worten, wenn es keine Zahl gibt (z. B. „Erwartungswert der RD BB“)."""
    monitoring_only: bool = Field(False, alias="nur_monitoring")
    """true: die Größe wird nur beobachtet, es gibt keinen Zielwert."""

    @model_validator(mode="after")
    def _one_target(self) -> Ziel:
        given = [self.target is not None, self.target_text is not None, self.monitoring_only]
        if sum(given) != 1:
            raise PydanticCustomError("amip", "braucht genau eines von zielwert, zielwert_text oder nur_monitoring: true")
        if self.target is not None and self.unit is None:
            raise PydanticCustomError("amip", "ein Zielwert braucht eine einheit (quote, veraenderung oder anzahl)")
        return self


class Zielebene(Schema):
    """A layer of targets with the same owner (Bund, Land, local)."""

    title: str = Field(alias="titel")
    """Überschrift der Zielebene."""
    agreed_with: str | None = Field(None, alias="vereinbart_mit")
    """Mit wem die Ziele vereinbart sind."""
    goals: list[Ziel] = Field(alias="ziele", min_length=1)
    """Die Ziele dieser Ebene."""


# --- Tabellen -----------------------------------------------------------------------


class Zeichen(str, Enum):
    """The symbols the BA statistics print instead of a number."""

    anonymisiert = "*"
    nichts = "-"
    nicht_sinnvoll = "x"
    unbekannt = "."

    @property
    def meaning(self) -> str:
        """The symbol's explanation for the legend under a table."""
        return ZEICHEN_MEANINGS[self]


ZEICHEN_MEANINGS = {
    Zeichen.anonymisiert: "aus Datenschutzgründen anonymisiert",
    Zeichen.nichts: "nichts vorhanden",
    Zeichen.nicht_sinnvoll: "Nachweis nicht sinnvoll",
    Zeichen.unbekannt: "Zahlenwert unbekannt",
}


ZEICHEN_HINT = ('"*" anonymisiert, "-" nichts, "x" nicht sinnvoll, "." unbekannt; '
               'Zeichen in Anführungszeichen')


def _symbol(value: Any) -> Zeichen:
    if isinstance(value, str) and value.strip() in {symbol.value for symbol in Zeichen}:
        return Zeichen(value.strip())
    raise PydanticCustomError("amip", "erwartet eine Zahl oder ein Zeichen der BA-Statistik ({hint}), gefunden „{value}“",
                              {"value": value, "hint": ZEICHEN_HINT})


def _number_cell(value: Any) -> Zeichen | Decimal:
    """A table cell: a number (int, float or Decimal) or a BA symbol."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if not number.is_finite():
            raise PydanticCustomError("amip", "erwartet eine endliche Zahl, gefunden „{value}“", {"value": value})
        return number
    return _symbol(value)


def _count_cell(value: Any) -> Zeichen | int:
    """A count cell: a whole number or a BA symbol."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, (float, Decimal)):
        raise PydanticCustomError("amip", "erwartet eine ganze Zahl, gefunden „{value}“", {"value": value})
    return _symbol(value)


Zelle = Annotated[Union[Zeichen, Decimal], PlainValidator(_number_cell)]
"""A table cell: a number or a BA symbol."""
Anzahl = Annotated[Union[Zeichen, int], PlainValidator(_count_cell)]
"""A count in a table cell: a whole number or a BA symbol."""


class ChangeRow(Schema):
    """A row with a value and its absolute change against the previous year."""

    id: str | None = None
    """Name, unter dem Texte auf die Zeile zugreifen."""
    label: str = Field(alias="merkmal")
    """Merkmal, wie es in der Tabelle steht."""
    value: Zelle = Field(alias="wert")
    """Wert im Berichtsmonat, oder ein Zeichen der BA-Statistik: "*", "-", "x", "."."""
    change: Zelle = Field(alias="veraenderung")
    """Veränderung zum Vorjahr, absolut, oder ein Zeichen der BA-Statistik."""
    level: int = Field(0, alias="ebene", ge=0, le=4)
    """Einrückung: 0 für Hauptzeilen, 1, 2, … für Unterzeilen."""
    is_base: bool = Field(False, alias="bezugsgroesse")
    """true: auf diese Zeile beziehen sich die Anteile der folgenden Zeilen (= 100 %)."""


class ChangeBlock(Schema):
    """One reporting month of a change table."""

    month: datetime.date = Field(alias="berichtsmonat")
    """Berichtsmonat, als Datum des Monatsersten (2016-05-01)."""
    rows: list[ChangeRow] = Field(alias="zeilen", min_length=1)
    """Zeilen des Blocks."""


class ChangeTable(Schema):
    """Values per reporting month with change to the previous year and shares."""

    kind: Literal["veraenderung"] = Field(alias="art")
    """Art der Tabelle: veraenderung."""
    title: str = Field(alias="titel")
    """Überschrift."""
    hint: str | None = Field(None, alias="hinweis")
    """Erläuterung unter der Überschrift."""
    header_row: str = Field(alias="oberzeile")
    """Text der Kopfzeile jedes Blocks, z. B. „Erwerbsfähige Leistungsberechtigte (ELB)“."""
    source: str | None = Field(None, alias="quelle")
    """Quellenangabe unter der Tabelle."""
    blocks: list[ChangeBlock] = Field(alias="bloecke", min_length=1)
    """Ein Block je Berichtsmonat."""


class Profil(Schema):
    """One Profillage with its counts per age group."""

    kuerzel: str
    """Kürzel, z. B. MP."""
    label: str = Field(alias="bezeichnung")
    """Bezeichnung, z. B. Marktprofil."""
    values: list[Anzahl] = Field(alias="werte")
    """Anzahl je Altersgruppe, in der Reihenfolge der altersgruppen; statt einer Zahl ein Zeichen der BA-Statistik."""
    stated_total: int | None = Field(None, alias="summe")
    """Summe, wie die Quelle sie ausweist, falls sie von der Summe der Werte abweicht."""


class ProfilGruppe(Schema):
    """A group of Profillagen (integrationsnah, komplex, sonstige)."""

    label: str = Field(alias="bezeichnung")
    """Bezeichnung der Gruppe."""
    profiles: list[Profil] = Field(alias="profile", min_length=1)
    """Die Profillagen der Gruppe."""


class ProfileTable(Schema):
    """ELB by Profillage and age group; totals and shares are computed."""

    kind: Literal["profillagen"] = Field(alias="art")
    """Art der Tabelle: profillagen."""
    title: str = Field(alias="titel")
    """Überschrift."""
    source: str | None = Field(None, alias="quelle")
    """Quellenangabe unter der Tabelle."""
    total_label: str = Field(alias="gesamt")
    """Bezeichnung der Gesamtzeile."""
    age_groups: list[str] = Field(alias="altersgruppen", min_length=1)
    """Bezeichnungen der Altersgruppen (Spalten)."""
    groups: list[ProfilGruppe] = Field(alias="gruppen", min_length=1)
    """Gruppen von Profillagen."""
    stated_age_totals: list[int] | None = Field(None, alias="summen_altersgruppen")
    """Spaltensummen, wie die Quelle sie ausweist, falls sie von den berechneten abweichen."""
    tolerance: int = Field(0, alias="toleranz", ge=0)
    """Erlaubte Abweichung ausgewiesener Summen von den berechneten."""

    @model_validator(mode="after")
    def _values_per_age_group(self) -> ProfileTable:
        width = len(self.age_groups)
        for group in self.groups:
            for profile in group.profiles:
                if len(profile.values) != width:
                    raise PydanticCustomError(
                        "amip", "Profillage {kuerzel}: {found} Werte, aber {width} Altersgruppen",
                        {"kuerzel": profile.kuerzel, "found": len(profile.values), "width": width})
        if self.stated_age_totals is not None and len(self.stated_age_totals) != width:
            raise PydanticCustomError("amip", "summen_altersgruppen braucht {width} Werte", {"width": width})
        return self


StatTable = Annotated[
    Union[Annotated[ChangeTable, Tag("<veraenderung>")], Annotated[ProfileTable, Tag("<profillagen>")]],
    Discriminator(lambda value: (f"<{value.get('art')}>" if isinstance(value, dict) else f"<{value.kind}>"),
                  custom_error_type="tabelle",
                  custom_error_message="art muss veraenderung oder profillagen sein"),
]


# --- Abbildungen und Programme ------------------------------------------------------


class Diagrammart(str, Enum):
    """How a chart draws its data."""

    linie = "linie"
    saeulen = "saeulen"
    balken = "balken"
    kreis = "kreis"
    ring = "ring"


class ChartUnit(str, Enum):
    """What a number counts: persons or cases, a percentage, Euro."""

    anzahl = "anzahl"
    prozent = "prozent"
    euro = "euro"


class Reihe(Schema):
    """One data series of a chart: a name and one value per category."""

    name: str
    """Name der Reihe, wie die Legende ihn zeigt."""
    values: list[Decimal] = Field(alias="werte", min_length=1)
    """Ein Wert je Kategorie, in der Reihenfolge der kategorien."""


class TableSource(Schema):
    """Chart data taken from a change table of tabellen.yaml, so no number is typed twice."""

    table: str = Field(alias="tabelle")
    """Name der Tabelle in tabellen.yaml (art: veraenderung)."""
    month: datetime.date = Field(alias="berichtsmonat")
    """Berichtsmonat des Blocks, aus dem die Werte stammen."""
    rows: list[str] = Field(alias="zeilen", min_length=1)
    """Merkmale der Zeilen, die das Diagramm zeigt; sie werden die Kategorien."""
    quantity: Literal["wert", "veraenderung", "anteil"] = Field("wert", alias="groesse")
    """Welche Größe: wert, veraenderung (absolut) oder anteil (in %)."""


class Diagramm(Schema):
    """A chart: its kind, data (typed here or taken from a table or the budget) and captions."""

    kind: Diagrammart = Field(alias="art")
    """linie, saeulen, balken (waagerecht, sortiert), kreis oder ring."""
    title: str = Field(alias="titel")
    """Titel der Abbildung."""
    subtitle: str | None = Field(None, alias="untertitel")
    """Zweite Zeile des Titels, z. B. der Stand."""
    source: str = Field(alias="quelle")
    """Quellenangabe („Quelle: …“)."""
    footnote: str | None = Field(None, alias="fussnote")
    """Fußnote unter der Abbildung."""
    unit: ChartUnit = Field(ChartUnit.anzahl, alias="einheit")
    """anzahl, prozent oder euro: wie Achse und Beschriftungen die Werte zeigen."""
    decimals: int | None = Field(None, alias="stellen", ge=0, le=3)
    """Nachkommastellen der Wertbeschriftung; sonst 0, bei prozent 1."""
    x_label: str | None = Field(None, alias="achse_x")
    """Beschriftung der waagerechten Achse."""
    y_label: str | None = Field(None, alias="achse_y")
    """Beschriftung der senkrechten Achse."""
    categories: list[str] | None = Field(None, alias="kategorien")
    """Kategorien (Jahre, Monate, Merkmale), wenn die Werte hier stehen."""
    series: list[Reihe] | None = Field(None, alias="reihen")
    """Datenreihen, je eine Liste von Werten zu den kategorien."""
    from_table: TableSource | None = Field(None, alias="aus_tabelle")
    """Werte aus einer Tabelle in tabellen.yaml statt kategorien und reihen."""
    from_budget: Literal["instrumente"] | None = Field(None, alias="aus_haushalt")
    """instrumente: die geplanten Eingliederungsleistungen aus haushalt.yaml."""
    stacked: bool = Field(False, alias="gestapelt")
    """Nur saeulen: Reihen übereinander statt nebeneinander."""
    highlight: list[str] = Field(default_factory=list, alias="hervorheben")
    """Kategorien, die grau hinterlegt werden (eine fussnote erklärt, warum)."""
    alt_text: str | None = None
    """Beschreibung für Screenreader; ohne Angabe erzeugt amip sie aus den Daten."""

    @model_validator(mode="after")
    def _consistent(self) -> Diagramm:
        sources = [self.series is not None, self.from_table is not None, self.from_budget is not None]
        if sum(sources) != 1:
            raise PydanticCustomError("amip", "braucht genau eines von reihen (mit kategorien), "
                                              "aus_tabelle oder aus_haushalt")
        if (self.series is None) != (self.categories is None):
            raise PydanticCustomError("amip", "kategorien und reihen gehören zusammen")
        if self.kind in (Diagrammart.kreis, Diagrammart.ring):
            self._check_pie()
        if self.kind is Diagrammart.balken and self.series is not None and len(self.series) != 1:
            raise PydanticCustomError("amip", "ein Balkendiagramm zeigt genau eine Reihe")
        if self.stacked and self.kind is not Diagrammart.saeulen:
            raise PydanticCustomError("amip", "gestapelt gibt es nur bei art: saeulen")
        return self

    def _check_pie(self) -> None:
        """A pie shows the parts of one whole: one series, no negative values, not all zero."""
        if self.from_table and self.from_table.quantity == "veraenderung":
            raise PydanticCustomError("amip", "ein Kreis- oder Ringdiagramm zeigt wert oder anteil, keine veraenderung")
        if self.series is None:
            return
        if len(self.series) != 1:
            raise PydanticCustomError("amip", "ein Kreis- oder Ringdiagramm zeigt genau eine Reihe")
        if any(value < 0 for value in self.series[0].values) or not any(self.series[0].values):
            raise PydanticCustomError("amip", "ein Kreis- oder Ringdiagramm braucht Werte ≥ 0, nicht alle 0")


class Foerderprogramm(Schema):
    """A Bundes-, Landes- or local program the Jobcenter takes part in."""

    name: str
    """Offizieller Name."""
    kind: str | None = Field(None, alias="art")
    """Art, z. B. ESF-Bundesprogramm."""
    start: datetime.date | None = Field(None, alias="beginn")
    """Beginn der Umsetzung im Jobcenter."""
    period_from: int | None = Field(None, alias="laufzeit_von")
    """Erstes Jahr der Laufzeit."""
    period_to: int | None = Field(None, alias="laufzeit_bis")
    """Letztes Jahr der Laufzeit."""
    funds: Decimal | None = Field(None, alias="mittel", ge=0)
    """Mittelvolumen in Euro."""
    positions: int | None = Field(None, alias="stellen", ge=0)
    """Zahl der Stellen oder Plätze."""
    unit: str | None = Field(None, alias="einheit")
    """Was gezählt wird, z. B. „geförderte Arbeitsverhältnisse“."""
    target_previous_year: Decimal | None = Field(None, alias="ziel_vorjahr")
    """Ziel des Vorjahres."""
    result_previous_year: Decimal | None = Field(None, alias="ergebnis_vorjahr")
    """Ergebnis des Vorjahres."""
    target_plan_year: Decimal | None = Field(None, alias="ziel_planjahr")
    """Ziel des Planjahres."""
    target_total: Decimal | None = Field(None, alias="ziel_gesamt")
    """Ziel über die ganze Laufzeit."""
    text: str
    """Pfad der Markdown-Datei mit der Beschreibung des Programms."""


# --- Gestaltung ----------------------------------------------------------------------

Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
FontName = Annotated[str, Field(pattern=r"^[A-Za-z0-9 -]{1,60}$")]


class Gestaltung(Schema):
    """The document's design in one place: font, colours and chart sizes; a data set may override it."""

    font: FontName = Field("Noto Sans", alias="schrift")
    """Schriftfamilie für Text und Diagramme."""
    accent: Colour = Field("#1B3D5C", alias="akzentfarbe")
    """Farbe für Überschriften und Linien (#RRGGBB)."""
    text: Colour = Field("#1A1A1A", alias="textfarbe")
    """Farbe des Fließtexts."""
    series: list[Colour] = Field(["#1F5A8C", "#E08A1E", "#6BAED6", "#7A7A7A", "#2E8B57", "#B8860B"],
                                 alias="reihenfarben", min_length=2)
    """Farben der Datenreihen in Diagrammen, in dieser Reihenfolge."""
    highlight: Colour = Field("#E3E3E3", alias="hervorhebung")
    """Hintergrund hervorgehobener Kategorien."""
    logo: str | None = None
    """Pfad einer Bilddatei im Datensatz (SVG oder PNG) für die Titelseite, z. B. logo.svg."""
    logo_alt: str | None = None
    """Beschreibung des Logos für Screenreader, z. B. „Logo des Landkreises Elbe-Elster“."""
    grid: Colour = Field("#D4D4D4", alias="rasterfarbe")
    """Farbe der Gitterlinien in Diagrammen."""
    chart_width: Decimal = Field(Decimal(16), alias="diagramm_breite", gt=4, le=30)
    """Breite der Diagramme in cm."""
    chart_height: Decimal = Field(Decimal("7.5"), alias="diagramm_hoehe", gt=3, le=25)
    """Höhe der Diagramme in cm (waagerechte Balken wachsen mit der Zahl der Kategorien)."""
    chart_font_size: Decimal = Field(Decimal(8), alias="diagramm_schriftgroesse", ge=5, le=14)
    """Schriftgröße in Diagrammen in pt."""

    @model_validator(mode="after")
    def _logo_has_alt(self) -> Gestaltung:
        if self.logo and not self.logo_alt:
            raise PydanticCustomError("amip", "ein logo braucht logo_alt, die Beschreibung für Screenreader")
        return self


# --- Das Programm -------------------------------------------------------------------


class Program(Schema):
    """A Jobcenter's Arbeitsmarkt- und Integrationsprogramm for one year: all its data."""

    title: str = Field("Arbeitsmarkt- und Integrationsprogramm", alias="titel")
    """Titel auf der Titelseite."""
    year: int = Field(alias="jahr", ge=2005, le=2100)
    """Planjahr."""
    stand: datetime.date
    """Stand des Programms (Datum)."""
    jobcenter: Jobcenter
    """Das Jobcenter."""
    signature: Signature | None = Field(None, alias="unterzeichnung")
    """Ort, Datum und Unterschrift am Schluss."""
    status: Status | None = None
    """entwurf (mit Wasserzeichen ENTWURF) oder beschlossen (mit beschluss); ohne Angabe nur der Stand."""
    beschluss: Beschluss | None = None
    """Datum und Gremium des Beschlusses; nötig bei status: beschlossen."""
    outline: list[Chapter] = Field(alias="gliederung", min_length=1)
    """Die Kapitel in ihrer Reihenfolge."""
    eckwerte: dict[str, Decimal] = Field(default_factory=dict)
    """Einzelne Zahlen, auf die die Texte mit {{ eckwerte.NAME }} zugreifen."""
    haushalt: Haushalt | None = None
    """Budget (haushalt.yaml)."""
    ziele: dict[str, Zielebene] = Field(default_factory=dict)
    """Zielebenen (ziele.yaml)."""
    tables: dict[str, StatTable] = Field(default_factory=dict, alias="tabellen")
    """Statistische Tabellen (tabellen.yaml)."""
    charts: dict[str, Diagramm] = Field(default_factory=dict, alias="diagramme")
    """Abbildungen (diagramme.yaml)."""
    programme: dict[str, Foerderprogramm] = Field(default_factory=dict)
    """Bundes-, Landes- und lokale Programme (programme.yaml)."""
    gestaltung: Gestaltung = Field(default_factory=Gestaltung)
    """Schrift, Farben und Diagrammgrößen (gestaltung.yaml); ohne Angabe gilt die eingebaute Gestaltung."""

    @property
    def previous_year(self) -> int:
        """The year before the program year."""
        return self.year - 1

    @property
    def approving_body(self) -> str:
        """The body that approved (or will approve) the program."""
        return (self.beschluss and self.beschluss.body) or APPROVING_BODY[self.jobcenter.traeger]

    @model_validator(mode="after")
    def _approval_fits_status(self) -> Program:
        if self.status is Status.beschlossen and self.beschluss is None:
            raise PydanticCustomError("amip", "status: beschlossen braucht beschluss mit datum (und gremium)")
        if self.status is not Status.beschlossen and self.beschluss is not None:
            raise PydanticCustomError("amip", "beschluss gibt es nur mit status: beschlossen")
        return self


# --- Validierung --------------------------------------------------------------------


def validate_program(raw: RawDataSet) -> Program:
    """The typed program, or a DataError listing every problem with file and line."""
    try:
        program = Program.model_validate(raw.data)
    except ValidationError as error:
        raise DataError(problems_from(error, raw, Program)) from None
    problems = [Problem(raw.position(location), dotted(location), message)
                for location, message in _reference_problems(program, raw)]
    if problems:
        raise DataError(problems)
    return program


def _reference_problems(program: Program, raw: RawDataSet) -> Iterator[tuple[Location, str]]:
    """Outline entries that name no existing text, table, chart or program; budget years that do not fit."""
    for location, block in _outline_blocks(program):
        yield from _block_problems(program, raw, location, block)
    logo = program.gestaltung.logo
    if logo and not data_set_file(raw.root, logo):
        yield ("gestaltung", "logo"), f"die Datei „{logo}“ gibt es nicht im Datensatz"
    for name, chart in program.charts.items():
        for field, message in _chart_problems(program, chart):
            yield ("diagramme", name) + field, message
    for name, foerderprogramm in program.programme.items():
        if foerderprogramm.text not in raw.texts:
            yield ("programme", name, "text"), _missing("die Textdatei", foerderprogramm.text, list(raw.texts))
    if program.haushalt:
        years = {program.previous_year, program.year}
        for index, position in enumerate(program.haushalt.positions):
            if set(position.amounts) != years:
                yield (("haushalt", "positionen", index, "betraege"),
                       f"braucht Beträge für genau die Jahre {program.previous_year} und {program.year}, "
                       f"gefunden: {', '.join(map(str, sorted(position.amounts))) or 'keine'}")


def _outline_blocks(program: Program) -> Iterator[tuple[Location, Any]]:
    for chapter_index, chapter in enumerate(program.outline):
        for index, block in enumerate(chapter.blocks):
            yield ("gliederung", chapter_index, "inhalt", index), block
        for section_index, section in enumerate(chapter.sections):
            for index, block in enumerate(section.blocks):
                yield ("gliederung", chapter_index, "abschnitte", section_index, "inhalt", index), block


def _block_problems(program: Program, raw: RawDataSet, location: Location, block: Any) -> Iterator[tuple[Location, str]]:
    match block:
        case TextBlock(text=name) if name not in raw.texts:
            yield location + ("text",), _missing("die Textdatei", name, list(raw.texts))
        case TableBlock(table=name) if name not in program.tables:
            yield location + ("tabelle",), _missing("die Tabelle", name, list(program.tables), "in tabellen.yaml")
        case GoalsBlock(layer=name) if name not in program.ziele:
            yield location + ("ziele",), _missing("die Zielebene", name, list(program.ziele), "in ziele.yaml")
        case ChartBlock(chart=name) if name not in program.charts:
            yield location + ("diagramm",), _missing("die Abbildung", name, list(program.charts), "in diagramme.yaml")
        case ProgramBlock(program=name) if name not in program.programme:
            yield location + ("programm",), _missing("das Programm", name, list(program.programme), "in programme.yaml")
        case BudgetBlock() if program.haushalt is None:
            yield location + ("haushalt",), "es gibt keine Datei haushalt.yaml mit dem Budget"
        case SignatureBlock() if program.signature is None:
            yield location + ("unterzeichnung",), "in programm.yaml fehlt die Angabe unterzeichnung (ort, datum, funktion)"


def _symbol_drawn(rows: list[ChangeRow], quantity: str) -> Zeichen | None:
    """A BA symbol in the cells a chart would draw from the last of `rows` (for a share, its base row too)."""
    row = rows[-1]
    cells = [row.change] if quantity == "veraenderung" else [row.value]
    if quantity == "anteil":
        cells.append(next(r for r in reversed(rows) if r.is_base).value)
    return next((cell for cell in cells if isinstance(cell, Zeichen)), None)


def _chart_problems(program: Program, chart: Diagramm) -> Iterator[tuple[Location, str]]:
    """Series that do not fit the categories; the table, month and rows or the budget a chart draws from."""
    for index, reihe in enumerate(chart.series or []):
        if len(reihe.values) != len(chart.categories or []):
            yield (("reihen", index, "werte"),
                   f"Reihe „{reihe.name}“ hat {len(reihe.values)} Werte, aber es gibt {len(chart.categories or [])} kategorien")
    if chart.categories is not None:
        for index, label in enumerate(chart.highlight):
            if label not in chart.categories:
                yield ("hervorheben", index), _missing("die Kategorie", label, chart.categories, "unter kategorien")
    if chart.from_budget and not (program.haushalt and program.haushalt.instruments):
        yield ("aus_haushalt",), "haushalt.yaml enthält keine instrumente, aus denen das Diagramm zeichnen könnte"
    source = chart.from_table
    if source is None:
        return
    table = program.tables.get(source.table)
    if not isinstance(table, ChangeTable):
        yield (("aus_tabelle", "tabelle"),
               _missing("die Veränderungstabelle", source.table,
                        [name for name, t in program.tables.items() if isinstance(t, ChangeTable)],
                        "in tabellen.yaml"))
        return
    block = next((block for block in table.blocks if block.month == source.month), None)
    if block is None:
        months = ", ".join(block.month.isoformat() for block in table.blocks)
        yield ("aus_tabelle", "berichtsmonat"), f"die Tabelle hat keinen Block für {source.month.isoformat()}; vorhanden: {months}"
        return
    labels = [row.label for row in block.rows]
    for index, label in enumerate(source.rows):
        if label not in labels:
            yield ("aus_tabelle", "zeilen", index), _missing("die Zeile", label, labels, f"im Block {source.month}")
        elif labels.count(label) > 1:
            yield ("aus_tabelle", "zeilen", index), f"die Zeile „{label}“ steht mehrmals im Block {source.month}"
        elif source.quantity == "anteil" and not any(row.is_base for row in block.rows[:labels.index(label) + 1]):
            yield (("aus_tabelle", "zeilen", index),
                   f"die Zeile „{label}“ hat keinen Anteil: darüber steht keine Zeile mit bezugsgroesse: true")
        elif symbol := _symbol_drawn(block.rows[:labels.index(label) + 1], source.quantity):
            yield (("aus_tabelle", "zeilen", index),
                   f"die Zeile „{label}“ enthält das Zeichen „{symbol.value}“ ({symbol.meaning}); "
                   "ein Diagramm braucht Zahlen")
    for index, label in enumerate(chart.highlight):
        if label not in source.rows:
            yield ("hervorheben", index), f"„{label}“ ist keine der zeilen des Diagramms"


def _missing(what: str, name: str, known: list[str], where: str = "im Datensatz") -> str:
    return f"{what} „{name}“ gibt es nicht {where}{did_you_mean(name, known)}"
