"""The typed, validated data model of an Arbeitsmarkt- und Integrationsprogramm.

YAML keys are German (the clerks' language); Python attributes are English with the
German key as alias. Every field carries a docstring that says what it holds.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, PlainSerializer, PlainValidator, Tag,
                      ValidationError, model_validator)
from pydantic_core import PydanticCustomError

from amip.errors import DataError, Problem
from amip.kennzahlen import CODES, kennzahl
from amip.load import Location, RawDataSet, ThreeDecimals, data_set_file, dotted
from amip.messages import did_you_mean, german_number, problems_from


class Schema(BaseModel):
    """Base of all models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                              validate_by_alias=True, validate_by_name=False)


# --- Zahlen ---------------------------------------------------------------------------

MAX_EURO = 10 ** 12
"""The largest amount in either direction: a billion (10¹²) euro, far beyond any Jobcenter's budget."""
MAX_NUMBER = 10 ** 12
"""The largest other number in either direction: a table value, Zielwert, Eckwert or value of a chart."""
MAX_COUNT = 10 ** 9
"""The largest count: Eintritte, Plätze, Stellen, persons of a Profillage."""
GERMAN_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)")
"""A number as German text writes it: `8.112.295`, `1.234,5`, `24,5`."""
THOUSANDS_DOT = ("„{written}“ liest YAML als {decimal}: der Punkt trennt Nachkommastellen, keine Tausender; "
                 "bitte ohne Tausenderpunkt schreiben: {plain}")


def _as_number(value: Any) -> Any:
    """Before every number field: a number written as German text (`"8.112.295"`, `24,5`) is refused with the fix."""
    if isinstance(value, str) and GERMAN_NUMBER.fullmatch(value.strip()):
        plain = value.strip().replace(".", "").replace(",", ".")
        raise PydanticCustomError("amip", "erwartet eine Zahl, gefunden „{value}“; ohne Tausenderpunkt, mit "
                                          "Dezimalpunkt: {plain}", {"value": value, "plain": plain})
    return value


def _as_count_or_amount(value: Any) -> Any:
    """Before a count or an amount in euro: `7.412` can only mean 7412 there (no fractions, at most cents)."""
    if isinstance(value, ThreeDecimals):
        raise _thousands_dot(value)
    return _as_number(value)


def _thousands_dot(value: ThreeDecimals) -> PydanticCustomError:
    """The error for `7.412` where a count or an amount is meant: what YAML read, and how to write 7412."""
    return PydanticCustomError("amip", THOUSANDS_DOT, {"written": value.written, "plain": value.without_dot,
                                                       "decimal": value.written.replace(".", ",")})


def _within(number: Decimal, limit: int) -> Decimal:
    """A number of a table cell no further from zero than `limit`."""
    if abs(number) > limit:
        bound = f"darf höchstens {german_number(limit)}" if number > 0 else f"muss mindestens {german_number(-limit)}"
        raise PydanticCustomError("amip", "{bound} sein, gefunden „{value}“", {"bound": bound, "value": number})
    return number


Euro = Annotated[Decimal, BeforeValidator(_as_count_or_amount), Field(ge=-MAX_EURO, le=MAX_EURO, decimal_places=2)]
"""An amount in Euro, cents allowed."""
Money = Annotated[Decimal, BeforeValidator(_as_count_or_amount), Field(ge=0, le=MAX_EURO, decimal_places=2)]
"""An amount in Euro that cannot be negative, cents allowed."""
Count = Annotated[int, BeforeValidator(_as_count_or_amount), Field(ge=0, le=MAX_COUNT)]
"""A count: Eintritte, Plätze, Stellen."""
Quantity = Annotated[Decimal, BeforeValidator(_as_count_or_amount), Field(ge=0, le=MAX_NUMBER)]
"""A number of things counted, such as a program's target in its einheit."""
Number = Annotated[Decimal, BeforeValidator(_as_number), Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
"""Any other number: a Zielwert, a value of a chart, an Eckwert, VZÄ."""
Percentage = Annotated[Decimal, BeforeValidator(_as_number), Field(ge=0, le=100)]
"""A share in percent."""
MAX_LABEL = 200
Label = Annotated[str, Field(max_length=MAX_LABEL)]
"""A text a chart may draw (category, series, axis): matplotlib lays out a long one for minutes."""
MAX_CATEGORIES = 100
"""The most categories a chart draws (and lines an EGL plan has, which a chart may draw)."""
MAX_SERIES = 20
"""The most series a chart draws."""


# --- Stammdaten -----------------------------------------------------------------------


@dataclass(frozen=True)
class Zeitraum:
    """The years a program (or a target layer) covers: one year, or two consecutive years like 2019/2020."""

    first: int
    last: int

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    @property
    def previous_year(self) -> int:
        """„Vorjahr“: the year before the period."""
        return self.first - 1

    @property
    def phrase(self) -> str:
        """„für das Jahr 2017“ or „für die Jahre 2019 und 2020“, as titles say it."""
        return f"für das Jahr {self.first}" if self.first == self.last else f"für die Jahre {self.first} und {self.last}"

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}/{self.last}"


PERIOD_HINT = "ein Jahr (2017) oder zwei aufeinanderfolgende Jahre (2019/2020)"


def parse_period(value: Any) -> Zeitraum:
    """`2017` or `"2019/2020"` (also `2019-2020`) → Zeitraum; years between 2005 and 2100."""
    if isinstance(value, Zeitraum):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        years = [value]
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*([/-]\s*\d{4}\s*)?", value):
        years = [int(year) for year in re.findall(r"\d{4}", value)]
    else:
        raise PydanticCustomError("amip", "erwartet {hint}, gefunden „{value}“", {"hint": PERIOD_HINT, "value": value})
    if not all(2005 <= year <= 2100 for year in years) or (len(years) == 2 and years[1] != years[0] + 1):
        raise PydanticCustomError("amip", "erwartet {hint} zwischen 2005 und 2100, gefunden „{value}“",
                                  {"hint": PERIOD_HINT, "value": value})
    return Zeitraum(years[0], years[-1])


Period = Annotated[Zeitraum, PlainValidator(parse_period), PlainSerializer(str)]
"""A program period in YAML: `2017` or `2019/2020`."""


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
    """Agentur für Arbeit, die Trägerin einer gE ist; mit ihr vereinbart eine gE ihre Ziele."""
    landesbehoerde: str | None = None
    """Zuständige Landesbehörde (Ministerium), mit der ein zkT seine Ziele vereinbart."""

    @property
    def target_partner(self) -> str | None:
        """With whom the Kennzahlen targets are agreed: the Agentur für Arbeit (gE) or the Land (zkT)."""
        return self.agentur if self.traeger is Traeger.gE else self.landesbehoerde

    @property
    def approving_body(self) -> str:
        """Who approves the program: Trägerversammlung (gE); Kreistag, or Rat for a kreisfreie Stadt (zkT)."""
        if self.traeger is Traeger.gE:
            return "Trägerversammlung"
        return "Rat" if self.kommune.startswith("Stadt") else "Kreistag"


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


USUAL_TITLE = {Traeger.gE: "Arbeitsmarkt- und Integrationsprogramm", Traeger.zkT: "Arbeitsmarktprogramm"}
"""The title unless the data gives one: the BA's planning term for a gE, the usual one for a zkT."""


class Beschluss(Schema):
    """The approval of the program."""

    date: datetime.date = Field(alias="datum")
    """Datum des Beschlusses."""
    body: str | None = Field(None, alias="gremium")
    """Beschließendes Gremium, z. B. ein Ausschuss; ohne Angabe Trägerversammlung (gE), Kreistag oder Rat (zkT)."""


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


class LookBackBlock(Schema):
    """The look-back table of one target layer: Zielwert, Istwert, difference, reached or not."""

    layer: str = Field(alias="zielerreichung")
    """Name der Zielebene in ziele.yaml, deren Ziele istwert haben, z. B. vorjahr."""


BUDGET_VIEWS = ("uebersicht", "egl_planung", "verwaltungskosten", "weitere_mittel")
BUDGET_FIELDS = {"egl_planung": "egl_plan", "verwaltungskosten": "verwaltungskosten", "weitere_mittel": "other_funds"}
"""Which part of haushalt.yaml a budget view other than the overview shows."""


class BudgetBlock(Schema):
    """A budget table from haushalt.yaml."""

    view: Literal[BUDGET_VIEWS] = Field(alias="haushalt")  # type: ignore[valid-type]
    """Welche Haushaltstabelle: uebersicht, egl_planung, verwaltungskosten oder weitere_mittel."""


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
    "text": TextBlock, "tabelle": TableBlock, "ziele": GoalsBlock, "zielerreichung": LookBackBlock,
    "haushalt": BudgetBlock,
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
    amounts: dict[int, Euro] = Field(alias="betraege")
    """Betrag in Euro je Jahr (Cent erlaubt): Vorjahr und jedes Jahr des Programms, z. B. {2016: 8476348, 2017: 8112295}."""


class Personnel(Schema):
    """Staff capacity of the Jobcenter."""

    capacities: Number = Field(alias="kapazitaeten", ge=0)
    """Mitarbeiterkapazitäten insgesamt."""
    share_ba: Percentage = Field(alias="anteil_ba")
    """Anteil der Bundesagentur für Arbeit in Prozent; der kommunale Anteil ergibt sich."""


class Planstatus(str, Enum):
    """Whether planned money is settled."""

    vorlaeufig = "vorlaeufig"
    endgueltig = "endgueltig"

    @property
    def label(self) -> str:
        return {Planstatus.vorlaeufig: "vorläufig", Planstatus.endgueltig: "endgültig"}[self]


class EglZeile(Schema):
    """One line of the EGL plan: an instrument or a Teilbudget with its amount."""

    label: Label = Field(alias="bezeichnung")
    """Instrument oder Teilbudget, z. B. „Eingliederungszuschüsse (EGZ)“."""
    amount: Money = Field(alias="betrag")
    """Geplanter Betrag in Euro (Cent erlaubt)."""
    description: str | None = Field(None, alias="beschreibung")
    """Kurze Erläuterung, was aus der Zeile bezahlt wird."""
    entries: Count | None = Field(None, alias="eintritte")
    """Geplante Eintritte."""
    places: Count | None = Field(None, alias="plaetze")
    """Geplante Plätze."""
    group: str | None = Field(None, alias="gruppe")
    """Gruppe, deren Summe und Anteil amip ausweist, z. B. „integrationsorientiert“."""


class EglGliederung(str, Enum):
    """What the lines of the EGL plan are."""

    instrumente = "instrumente"
    teilbudgets = "teilbudgets"


class EglPlanung(Schema):
    """The Eingliederungsleistungen planned for one year, by instrument or by Teilbudget."""

    title: str | None = Field(None, alias="titel")
    """Überschrift der Tabelle; ohne Angabe „Planung der Eingliederungsleistungen JAHR“."""
    kind: EglGliederung = Field(EglGliederung.instrumente, alias="gliederung")
    """instrumente oder teilbudgets: was die Zeilen sind."""
    year: int | None = Field(None, alias="jahr")
    """Planjahr; ohne Angabe das erste Jahr des Programms."""
    status: Planstatus | None = None
    """vorlaeufig oder endgueltig."""
    numbered: bool = Field(False, alias="nummeriert")
    """true: Zeilen mit I, II, III, … nummerieren."""
    lines: list[EglZeile] = Field(alias="zeilen", min_length=1, max_length=MAX_CATEGORIES)
    """Die Zeilen; Summe, Anteile und Gruppensummen berechnet amip."""
    stated_total: Money | None = Field(None, alias="summe")
    """Summe, wie die Quelle sie ausweist; amip prüft sie gegen die berechnete (Toleranz des Haushalts)."""


class Umschichtungsrichtung(str, Enum):
    """From which budget title money is moved to which."""

    egl_nach_vk = "egl_nach_vk"
    vk_nach_egl = "vk_nach_egl"


class Umschichtung(Schema):
    """Money moved between Eingliederungstitel and Verwaltungskostentitel, as an amount or a share."""

    year: int | None = Field(None, alias="jahr")
    """Jahr; ohne Angabe das erste Jahr des Programms."""
    direction: Umschichtungsrichtung = Field(alias="richtung")
    """egl_nach_vk oder vk_nach_egl."""
    amount: Money | None = Field(None, alias="betrag")
    """Betrag in Euro."""
    share: Percentage | None = Field(None, alias="anteil", gt=0)
    """Oder: Anteil am Eingliederungstitel (EGL gesamt des Jahres) in Prozent."""

    @model_validator(mode="after")
    def _amount_or_share(self) -> Umschichtung:
        if (self.amount is None) == (self.share is None):
            raise PydanticCustomError("amip", "braucht genau eines von betrag oder anteil")
        return self


class WeitereMittelZeile(Schema):
    """Money outside the Gesamtbudget, e.g. Passiv-Aktiv-Transfer, ESF or a Landesprogramm."""

    label: str = Field(alias="bezeichnung")
    """Bezeichnung, z. B. „Passiv-Aktiv-Transfer (§ 16i SGB II)“."""
    source: str | None = Field(None, alias="herkunft")
    """Woher das Geld kommt, z. B. Bund, ESF, Land."""
    amounts: dict[int, Money] = Field(alias="betraege", min_length=1)
    """Betrag in Euro je Jahr."""


class WeitereMittel(Schema):
    """The table of money outside the Gesamtbudget."""

    title: str = Field("Mittel außerhalb des Gesamtbudgets", alias="titel")
    """Überschrift."""
    lines: list[WeitereMittelZeile] = Field(alias="zeilen", min_length=1)
    """Die Zeilen; die Summe je Jahr berechnet amip."""


class VkPosition(Schema):
    """A Verwaltungskosten position in Haushaltsplan and Geschäftsplan."""

    label: str = Field(alias="bezeichnung")
    """Bezeichnung der Position."""
    budget_plan: Money = Field(alias="haushaltsplan")
    """Ansatz im Haushaltsplan in Euro."""
    business_plan: Money = Field(alias="geschaeftsplan")
    """Ansatz im Geschäftsplan in Euro."""
    stated_difference: Euro | None = Field(None, alias="abweichung")
    """Abweichung (Geschäftsplan − Haushaltsplan), wie die Quelle sie ausweist; sonst berechnet."""


class Stellen(Schema):
    """Staff of one kind in Vollzeitäquivalenten."""

    label: str = Field(alias="bezeichnung")
    """Bereich oder Funktion, z. B. „Arbeitsvermittlung“."""
    vzae: Number = Field(ge=0)
    """Vollzeitäquivalente (VZÄ)."""


class Verwaltungskosten(Schema):
    """Verwaltungskosten in detail: positions of Haushalts- and Geschäftsplan, and staff in VZÄ."""

    title: str | None = Field(None, alias="titel")
    """Überschrift; ohne Angabe „Verwaltungskosten JAHR“."""
    year: int | None = Field(None, alias="jahr")
    """Jahr; ohne Angabe das erste Jahr des Programms."""
    positions: list[VkPosition] = Field(default_factory=list, alias="positionen")
    """Positionen mit Haushaltsplan, Geschäftsplan und Abweichung."""
    staff: list[Stellen] = Field(default_factory=list, alias="personal")
    """Personal in VZÄ je Bereich; die Summe berechnet amip."""


class AngegebeneSummen(Schema):
    """Totals as a source table states them, per year; amip prints these and checks them against its own."""

    vkb_gesamt: dict[int, Money] = Field(default_factory=dict)
    """VKB gesamt je Jahr."""
    egl_gesamt: dict[int, Money] = Field(default_factory=dict)
    """EGL gesamt je Jahr."""
    gesamtbudget: dict[int, Money] = Field(default_factory=dict)
    """Gesamtbudget je Jahr."""


class Haushalt(Schema):
    """Budget of the previous year and each year of the program, with its details."""

    title: str | None = Field(None, alias="titel")
    """Überschrift der Budgettabelle."""
    plan_label: str = Field("Plan", alias="bezeichnung_planjahr")
    """Wort vor dem Planjahr im Tabellenkopf, z. B. „Schätzwerte“."""
    positions: list[BudgetPosition] = Field(alias="positionen", min_length=1)
    """Die Zeilen des Budgets; Summen berechnet amip."""
    kommunaler_finanzierungsanteil: Percentage | None = None
    """Kommunaler Finanzierungsanteil an den Verwaltungskosten in Prozent."""
    personnel: Personnel | None = Field(None, alias="personal")
    """Personalausstattung."""
    stated_totals: AngegebeneSummen = Field(default_factory=AngegebeneSummen, alias="summen")
    """Summen, wie die Quelle sie ausweist (vkb_gesamt, egl_gesamt, gesamtbudget je Jahr)."""
    tolerance: Money = Field(Decimal(1), alias="toleranz")
    """Erlaubte Abweichung ausgewiesener Summen von den berechneten in Euro (Rundung der Quelle)."""
    egl_plan: EglPlanung | None = Field(None, alias="egl_planung")
    """Planung der Eingliederungsleistungen nach Instrumenten oder Teilbudgets."""
    transfers: list[Umschichtung] = Field(default_factory=list, alias="umschichtungen")
    """Umschichtungen zwischen Eingliederungs- und Verwaltungskostentitel."""
    other_funds: WeitereMittel | None = Field(None, alias="weitere_mittel")
    """Mittel außerhalb des Gesamtbudgets (Passiv-Aktiv-Transfer, ESF, Landesprogramme)."""
    verwaltungskosten: Verwaltungskosten | None = None
    """Verwaltungskosten im Einzelnen (Haushaltsplan, Geschäftsplan, Personal in VZÄ)."""


# --- Ziele --------------------------------------------------------------------------


class Einheit(str, Enum):
    """How a Zielwert is meant: a quota, a change against the previous year, or a count."""

    quote = "quote"
    veraenderung = "veraenderung"
    anzahl = "anzahl"


class Richtung(str, Enum):
    """Which way a target is reached: the actual value at least (steigen) or at most (sinken) the Zielwert."""

    steigen = "steigen"
    sinken = "sinken"


class NachGeschlecht(Schema):
    """A value split by women and men."""

    women: Number = Field(alias="frauen")
    """Wert für Frauen."""
    men: Number = Field(alias="maenner")
    """Wert für Männer."""


def _kennzahl_code(value: Any) -> str:
    if isinstance(value, str) and value.strip().upper() in CODES:
        return value.strip().upper()
    raise PydanticCustomError("amip", "„{value}“ ist keine Kennzahl nach § 48a SGB II; bekannt sind {codes}",
                              {"value": value, "codes": ", ".join(CODES)})


class Ziel(Schema):
    """One target: what is measured, in which unit, the Zielwert (or monitoring only) and, looking back, the result."""

    kennzahl: Annotated[str, PlainValidator(_kennzahl_code)] | None = None
    """Kennzahl nach § 48a SGB II (K1, K1E1 … K3E4); dann ergänzt amip Ziel, Messgröße und Einheit."""
    goal: str | None = Field(None, alias="ziel")
    """Das Ziel in Worten; bei einer Kennzahl ohne Angabe das Ziel aus der Verordnung."""
    measure: str | None = Field(None, alias="messgroesse")
    """Woran das Ziel gemessen wird; bei einer Kennzahl ohne Angabe ihr amtlicher Name."""
    unit: Einheit | None = Field(None, alias="einheit")
    """quote (in %), veraenderung (in % zum Vorjahr) oder anzahl; bei einer Kennzahl ohne Angabe ihre Einheit."""
    target: Number | None = Field(None, alias="zielwert")
    """Zielwert als Zahl."""
    target_text: str | None = Field(None, alias="zielwert_text")
    """Zielwert in Worten, wenn es keine Zahl gibt (z. B. „Erwartungswert der RD BB“)."""
    monitoring_only: bool = Field(False, alias="nur_monitoring")
    """true: die Größe wird nur beobachtet, es gibt keinen Zielwert."""
    by_sex: NachGeschlecht | None = Field(None, alias="nach_geschlecht")
    """Zielwerte für Frauen und Männer, zusätzlich zum Zielwert insgesamt."""
    base: Number | None = Field(None, alias="bezugswert")
    """Bezugs- oder Ausgangswert, z. B. der Bestand im Vorjahr; bei veraenderung rechnet amip den Zielwert absolut."""
    base_label: str | None = Field(None, alias="bezug")
    """Worauf sich der bezugswert bezieht, z. B. „Dezember 2024“."""
    actual: Number | None = Field(None, alias="istwert")
    """Erreichter Wert, für den Rückblick (Zielerreichung)."""
    direction: Richtung | None = Field(None, alias="richtung")
    """steigen (erreicht, wenn Ist ≥ Ziel) oder sinken (Ist ≤ Ziel); ohne Angabe aus der Kennzahl oder dem Vorzeichen."""

    def unit_on(self, stand: datetime.date) -> Einheit | None:
        """The unit as given, or else the Kennzahl's."""
        return self.unit or (Einheit(kennzahl(self.kennzahl, stand).unit) if self.kennzahl else None)

    @model_validator(mode="after")
    def _one_target(self) -> Ziel:
        given = [self.target is not None, self.target_text is not None, self.monitoring_only]
        if sum(given) != 1:
            raise PydanticCustomError("amip", "braucht genau eines von zielwert, zielwert_text oder nur_monitoring: true")
        if self.kennzahl is None and (self.goal is None or self.measure is None):
            raise PydanticCustomError("amip", "braucht ziel und messgroesse (oder eine kennzahl wie K2)")
        if self.target is not None and self.unit is None and self.kennzahl is None:
            raise PydanticCustomError("amip", "ein Zielwert braucht eine einheit (quote, veraenderung oder anzahl)")
        if self.by_sex is not None and self.target is None:
            raise PydanticCustomError("amip", "nach_geschlecht gibt es nur zusammen mit einem zielwert")
        return self


class Zielart(str, Enum):
    """Who owns a target layer."""

    kennzahlen = "kennzahlen"
    land = "land"
    lokal = "lokal"
    bundesprogramm = "bundesprogramm"
    landesprogramm = "landesprogramm"


class Zielebene(Schema):
    """A layer of targets with the same owner: Kennzahlen nach § 48a SGB II, Land, local, or a program's."""

    title: str = Field(alias="titel")
    """Überschrift der Zielebene."""
    kind: Zielart = Field(Zielart.lokal, alias="art")
    """kennzahlen (§ 48a SGB II), land, lokal, bundesprogramm oder landesprogramm."""
    agreed_with: str | None = Field(None, alias="vereinbart_mit")
    """Mit wem die Ziele vereinbart sind; bei kennzahlen und land ohne Angabe Agentur (gE) bzw. Landesbehörde (zkT)."""
    period: Period | None = Field(None, alias="jahr")
    """Für welches Jahr die Ziele gelten, z. B. 2024 für den Rückblick; ohne Angabe der Zeitraum des Programms."""
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
    """A table cell: a number (int, float or Decimal) or a BA symbol; it counts, so `7.412` means 7412."""
    value = _as_count_or_amount(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if not number.is_finite():
            raise PydanticCustomError("amip", "erwartet eine endliche Zahl, gefunden „{value}“", {"value": value})
        return _within(number, MAX_NUMBER)
    return _symbol(value)


def _count_cell(value: Any) -> Zeichen | int:
    """A count cell: a whole number or a BA symbol."""
    value = _as_count_or_amount(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(_within(Decimal(value), MAX_COUNT))
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
    label: Label = Field(alias="merkmal")
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
    stated_total: Count | None = Field(None, alias="summe")
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
    stated_age_totals: list[Count] | None = Field(None, alias="summen_altersgruppen")
    """Spaltensummen, wie die Quelle sie ausweist, falls sie von den berechneten abweichen."""
    tolerance: Count = Field(0, alias="toleranz")
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

    name: Label
    """Name der Reihe, wie die Legende ihn zeigt."""
    values: list[Number] = Field(alias="werte", min_length=1)
    """Ein Wert je Kategorie, in der Reihenfolge der kategorien."""


class TableSource(Schema):
    """Chart data taken from a change table of tabellen.yaml, so no number is typed twice."""

    table: str = Field(alias="tabelle")
    """Name der Tabelle in tabellen.yaml (art: veraenderung)."""
    month: datetime.date = Field(alias="berichtsmonat")
    """Berichtsmonat des Blocks, aus dem die Werte stammen."""
    rows: list[Label] = Field(alias="zeilen", min_length=1, max_length=MAX_CATEGORIES)
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
    x_label: Label | None = Field(None, alias="achse_x")
    """Beschriftung der waagerechten Achse."""
    y_label: Label | None = Field(None, alias="achse_y")
    """Beschriftung der senkrechten Achse."""
    categories: list[Label] | None = Field(None, alias="kategorien", max_length=MAX_CATEGORIES)
    """Kategorien (Jahre, Monate, Merkmale), wenn die Werte hier stehen."""
    series: list[Reihe] | None = Field(None, alias="reihen", max_length=MAX_SERIES)
    """Datenreihen, je eine Liste von Werten zu den kategorien."""
    from_table: TableSource | None = Field(None, alias="aus_tabelle")
    """Werte aus einer Tabelle in tabellen.yaml statt kategorien und reihen."""
    from_budget: Literal["egl_planung"] | None = Field(None, alias="aus_haushalt")
    """egl_planung: die geplanten Eingliederungsleistungen aus haushalt.yaml."""
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
    funds: Money | None = Field(None, alias="mittel")
    """Mittelvolumen in Euro."""
    positions: Count | None = Field(None, alias="stellen")
    """Zahl der Stellen oder Plätze."""
    unit: str | None = Field(None, alias="einheit")
    """Was gezählt wird, z. B. „geförderte Arbeitsverhältnisse“."""
    target_previous_year: Quantity | None = Field(None, alias="ziel_vorjahr")
    """Ziel des Vorjahres."""
    result_previous_year: Quantity | None = Field(None, alias="ergebnis_vorjahr")
    """Ergebnis des Vorjahres."""
    target_plan_year: Quantity | None = Field(None, alias="ziel_planjahr")
    """Ziel des Planjahres."""
    target_total: Quantity | None = Field(None, alias="ziel_gesamt")
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


# --- Begriffe ------------------------------------------------------------------------


class Begriffe(Schema):
    """Terms the law changed; each one set here wins over the term in force when the period begins."""

    leistung: str | None = None
    """Die Leistung: „Arbeitslosengeld II / Sozialgeld“ bis 2022, „Bürgergeld“ ab 2023."""
    leistung_elb: str | None = None
    """Was erwerbsfähige Leistungsberechtigte beziehen: „Arbeitslosengeld II“ bis 2022, „Bürgergeld“ ab 2023."""
    eingliederungsvereinbarung: str | None = None
    """„Eingliederungsvereinbarung“, ab 1.7.2023 „Kooperationsplan“."""


BUERGERGELD = datetime.date(2023, 1, 1)
KOOPERATIONSPLAN = datetime.date(2023, 7, 1)


def terms_in_force(day: datetime.date) -> dict[str, str]:
    """The terms the SGB II used on `day`."""
    buergergeld = day >= BUERGERGELD
    return {
        "leistung": "Bürgergeld" if buergergeld else "Arbeitslosengeld II / Sozialgeld",
        "leistung_elb": "Bürgergeld" if buergergeld else "Arbeitslosengeld II",
        "eingliederungsvereinbarung": "Kooperationsplan" if day >= KOOPERATIONSPLAN else "Eingliederungsvereinbarung",
    }


# --- Das Programm -------------------------------------------------------------------


class Program(Schema):
    """A Jobcenter's Arbeitsmarkt- und Integrationsprogramm for one year: all its data."""

    given_title: str | None = Field(None, alias="titel")
    """Titel auf der Titelseite; ohne Angabe „Arbeitsmarkt- und Integrationsprogramm“ (gE) oder „Arbeitsmarktprogramm“ (zkT)."""
    period: Period = Field(alias="jahr")
    """Planjahr (2017) oder zwei Planjahre (2019/2020)."""
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
    eckwerte: dict[str, Number] = Field(default_factory=dict)
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
    begriffe: Begriffe = Field(default_factory=Begriffe)
    """Begriffe, die vom Gesetzesstand abweichen sollen, z. B. leistung: Grundsicherungsgeld."""

    @property
    def title(self) -> str:
        """The title as given, or the usual one for the Träger type."""
        return self.given_title or USUAL_TITLE[self.jobcenter.traeger]

    @property
    def year(self) -> int:
        """The (first) program year."""
        return self.period.first

    @property
    def years(self) -> list[int]:
        """Every year of the program period."""
        return self.period.years

    @property
    def previous_year(self) -> int:
        """„Vorjahr“: the year before the program period."""
        return self.period.previous_year

    @property
    def approving_body(self) -> str:
        """The body that approved (or will approve) the program."""
        return (self.beschluss and self.beschluss.body) or self.jobcenter.approving_body

    @property
    def terms(self) -> dict[str, str]:
        """Terms in force when the period begins, overridden by those the data set pins."""
        pinned = {key: value for key, value in self.begriffe.model_dump().items() if value}
        return {**terms_in_force(datetime.date(self.year, 1, 1)), **pinned}

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
    """Outline entries that name nothing that exists; budget years that do not fit; targets agreed with nobody."""
    for location, block in _outline_blocks(program):
        yield from _block_problems(program, raw, location, block)
    logo = program.gestaltung.logo
    if logo and not data_set_file(raw.root, logo):
        yield ("gestaltung", "logo"), f"die Datei „{logo}“ gibt es nicht im Datensatz"
    for name, chart in program.charts.items():
        for field, message in _chart_problems(program, chart):
            yield ("diagramme", name) + field, message
    yield from _thousands_dot_problems(program, raw)
    for name, foerderprogramm in program.programme.items():
        if foerderprogramm.text not in raw.texts:
            yield ("programme", name, "text"), _missing("die Textdatei", foerderprogramm.text, list(raw.texts))
    if program.haushalt:
        yield from _budget_problems(program, program.haushalt)
    for name, layer in program.ziele.items():
        if layer.kind in (Zielart.kennzahlen, Zielart.land) and not (layer.agreed_with or program.jobcenter.target_partner):
            partner = "agentur" if program.jobcenter.traeger is Traeger.gE else "landesbehoerde"
            yield (("ziele", name, "vereinbart_mit"),
                   f"mit wem sind die Ziele vereinbart? Bitte vereinbart_mit angeben oder jobcenter.{partner} "
                   "in programm.yaml")


def _thousands_dot_problems(program: Program, raw: RawDataSet) -> Iterator[tuple[Location, str]]:
    """Numbers written like `7.412` where their unit makes them counts or amounts, so they can only mean 7412."""
    for location in [*_counted_chart_values(program), *_counted_goal_figures(program)]:
        if isinstance(value := raw.value(location), ThreeDecimals):
            yield location, _thousands_dot(value).message()


def _counted_chart_values(program: Program) -> Iterator[Location]:
    """The values of charts in anzahl or euro, unless a chart shows three decimals."""
    for name, chart in program.charts.items():
        if chart.unit is not ChartUnit.prozent and (chart.decimals or 0) < 3:
            for index, reihe in enumerate(chart.series or []):
                yield from (("diagramme", name, "reihen", index, "werte", place) for place in range(len(reihe.values)))


def _counted_goal_figures(program: Program) -> Iterator[Location]:
    """A goal's figures in anzahl; its bezugswert also for a veraenderung, where it is a number of people."""
    for name, layer in program.ziele.items():
        for index, goal in enumerate(layer.goals):
            unit = goal.unit_on(program.stand)
            fields = [("zielwert",), ("istwert",), ("nach_geschlecht", "frauen"), ("nach_geschlecht", "maenner")] \
                if unit is Einheit.anzahl else []
            fields += [("bezugswert",)] if unit in (Einheit.anzahl, Einheit.veraenderung) else []
            yield from (("ziele", name, "ziele", index) + field for field in fields)


def _years_text(years: list[int]) -> str:
    return ", ".join(map(str, years[:-1])) + f" und {years[-1]}" if len(years) > 1 else str(years[0])


def _budget_problems(program: Program, haushalt: Haushalt) -> Iterator[tuple[Location, str]]:
    """Amounts for exactly the budget's years; detail tables for a year of the program."""
    years = [program.previous_year, *program.years]
    for index, position in enumerate(haushalt.positions):
        if sorted(position.amounts) != years:
            yield (("haushalt", "positionen", index, "betraege"),
                   f"braucht Beträge für genau die Jahre {_years_text(years)}, "
                   f"gefunden: {', '.join(map(str, sorted(position.amounts))) or 'keine'}")
    for key, stated in haushalt.stated_totals.model_dump().items():
        for year in stated:
            if year not in years:
                yield ("haushalt", "summen", key, year), f"das Jahr {year} steht nicht im Budget ({_years_text(years)})"
    details: list[tuple[Location, int | None]] = [
        (("haushalt", "egl_planung", "jahr"), haushalt.egl_plan and haushalt.egl_plan.year),
        (("haushalt", "verwaltungskosten", "jahr"), haushalt.verwaltungskosten and haushalt.verwaltungskosten.year),
        *((("haushalt", "umschichtungen", index, "jahr"), transfer.year)
          for index, transfer in enumerate(haushalt.transfers))]
    for location, year in details:
        if year is not None and year not in program.years:
            yield location, f"das Jahr {year} gehört nicht zum Programm ({program.period})"
    for index, line in enumerate(haushalt.other_funds.lines if haushalt.other_funds else []):
        for year in line.amounts:
            if year not in years:
                yield (("haushalt", "weitere_mittel", "zeilen", index, "betraege", year),
                       f"das Jahr {year} passt nicht zum Programm; erlaubt sind {_years_text(years)}")


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
        case LookBackBlock(layer=name) if name not in program.ziele:
            yield location + ("zielerreichung",), _missing("die Zielebene", name, list(program.ziele), "in ziele.yaml")
        case LookBackBlock(layer=name):
            for index, goal in enumerate(program.ziele[name].goals):
                if goal.target is not None and goal.actual is None:
                    yield (("ziele", name, "ziele", index, "istwert"),
                           "der Rückblick (zielerreichung) braucht zu jedem Zielwert den istwert")
        case BudgetBlock() if program.haushalt is None:
            yield location + ("haushalt",), "es gibt keine Datei haushalt.yaml mit dem Budget"
        case BudgetBlock(view=view) if view != "uebersicht" and getattr(program.haushalt, BUDGET_FIELDS[view]) is None:
            yield location + ("haushalt",), f"haushalt.yaml enthält keinen Abschnitt {view}"
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
    if chart.from_budget and not (program.haushalt and program.haushalt.egl_plan):
        yield ("aus_haushalt",), "haushalt.yaml enthält keine egl_planung, aus der das Diagramm zeichnen könnte"
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
