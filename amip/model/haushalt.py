"""The budget: positions per year, stated totals, EGL plan, Umschichtungen, Verwaltungskosten, other funds."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from amip.model.types import (
    MAX_CATEGORIES,
    Count,
    Euro,
    Label,
    Money,
    Number,
    Percentage,
    Schema,
)


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
