"""amip's tagger in parts: how line ends read, table headers on the grid, one annotation per link, marked content."""

from __future__ import annotations

from types import SimpleNamespace
from xml.etree.ElementTree import fromstring

import pydyf
import pytest

from amip.pdf.tags import _one_per_link
from amip.pdf.tags.content import PageMarks
from amip.pdf.tags.tables import table_cells
from amip.pdf.tags.words import Piece, reading, source_text, text_string

STYLE = {"font_size": 12, "hyphenate_character": "\u2010"}
PARAGRAPH = ("p", "p")


def piece(text: str, line: object, block: tuple[object, str] = PARAGRAPH, x: float = 0, width: float = 50) -> Piece:
    return Piece(SimpleNamespace(text=text, position_x=x, width=width, style=STYLE), line, block)


SOURCE = source_text(fromstring(
    "<p>Das Arbeitsmarkt- und Integrationsprogramm senkt den Langzeitleistungsbezug im Kreis Elbe-Elster,"
    "<br/>auch für Asyl/Flucht.</p>"))


@pytest.mark.parametrize(("left", "right", "reads"), [
    ("Das Arbeitsmarkt- und", "Integrationsprogramm senkt", "Das Arbeitsmarkt- und "),  # a word gap at the line end
    ("Das Arbeitsmarkt-", "und Integrationsprogramm", "Das Arbeitsmarkt- "),  # a hyphen written with a gap
    ("senkt den Lang\u2010", "zeitleistungsbezug im", "senkt den Lang"),  # a hyphen hyphenation added
    ("im Kreis Elbe-", "Elster,", "im Kreis Elbe-"),  # a word broken after its own hyphen
    ("Elster,", "auch für", "Elster, "),  # a line break (<br>) reads as a gap
    ("für Asyl/", "Flucht.", "für Asyl/"),  # broken after a slash, no gap written
    ("Kreis ", "Elbe-Elster", "Kreis "),  # the gap is there already
])
def test_a_line_end_reads_as_written(left: str, right: str, reads: str) -> None:
    assert reading(piece(left, "line 1"), piece(right, "line 2"), SOURCE) == reads


def test_a_hyphen_found_in_the_source_stays() -> None:
    source = source_text(fromstring("<p>die Zahl der Bedarfs\u2010gemeinschaften</p>"))
    assert reading(piece("der Bedarfs\u2010", 1), piece("gemeinschaften", 2), source) == "der Bedarfs\u2010"


def test_pieces_apart_on_one_line_or_in_other_blocks_read_with_a_gap() -> None:
    line = object()
    assert reading(piece("4.3", line, width=20), piece("ESF", line, x=34), "") == "4.3 "  # 14 px > 3 px
    assert reading(piece("Mai", line, width=20), piece("2016", line, x=21), "Mai2016") == "Mai"
    assert reading(piece("Titel", 1, ("figcaption", "figcaption")), piece("Untertitel", 2, ("span", "span")),
                   "TitelUntertitel") == "Titel "


def test_source_text_collapses_white_space_and_drops_soft_hyphens() -> None:
    assert source_text(fromstring("<p>Lang\u00adzeit  bezug\n<b>fett</b><br/>neu\u00a0Zeile</p>")) == \
        "Langzeit bezug fett neu\u00a0Zeile"


def test_text_strings_are_short_where_pdfdocencoding_suffices() -> None:
    assert text_string("Größe (in %)").data == b"(Gr\xf6\xdfe \\(in %\\))"
    assert text_string("2012–2016").data == b"<feff" + "2012–2016".encode("utf-16-be").hex().encode() + b">"
    assert text_string("Preis\u00a0€").data.startswith(b"<feff")


VERAENDERUNG = """<table>
<thead>
<tr><th scope="col" rowspan="3">Merkmal</th><th scope="col" rowspan="2">Berichtsmonat</th>
<th scope="colgroup" colspan="2">Veränderung zum Vorjahr</th><th scope="col" rowspan="2">Anteile in %</th></tr>
<tr><th scope="col">absolut</th><th scope="col">in %</th></tr>
<tr><th scope="col">1</th><th scope="col">2</th><th scope="col">3</th><th scope="col">4</th></tr>
</thead>
<tbody>
<tr><th scope="rowgroup">ELB</th><th scope="rowgroup" colspan="4">Mai 2016</th></tr>
<tr><th scope="row">Insgesamt</th><td>7.485</td><td>-539</td><td>-6,7</td><td></td></tr>
</tbody>
</table>"""


def test_data_cells_name_the_headers_over_their_column_and_in_their_row() -> None:
    cells = table_cells(fromstring(VERAENDERUNG), "t1")
    named = {cell.attributes.get("ID"): cell.element.text for cell in cells}
    headers = {cell.element.text: [named[header] for header in cell.attributes["Headers"]]
               for cell in cells if cell.element.tag == "td"}
    assert headers["7.485"] == ["Berichtsmonat", "1", "Mai 2016", "Insgesamt"]
    assert headers["-539"] == ["Veränderung zum Vorjahr", "absolut", "2", "Mai 2016", "Insgesamt"]
    assert headers[None] == ["Anteile in %", "4", "Mai 2016", "Insgesamt"]
    scopes = {cell.element.text: cell.attributes["Scope"] for cell in cells if cell.element.tag == "th"}
    assert scopes == {"Merkmal": "Column", "Berichtsmonat": "Column", "Veränderung zum Vorjahr": "Column",
                      "Anteile in %": "Column", "absolut": "Column", "in %": "Column", "1": "Column", "2": "Column",
                      "3": "Column", "4": "Column", "ELB": "Column", "Mai 2016": "Column", "Insgesamt": "Row"}
    merged = next(cell for cell in cells if cell.element.text == "Veränderung zum Vorjahr")
    assert merged.attributes == {"ColSpan": 2, "ID": "t1-0-2", "Scope": "Column"}


def test_a_number_column_before_the_row_header_gets_the_row_header() -> None:
    table = fromstring('<table><thead><tr><th>Nr.</th><th>Instrument</th><th>Betrag</th></tr></thead>'
                       '<tbody><tr><td>1</td><th>Weiterbildung</th><td>100</td></tr></tbody></table>')
    cells = table_cells(table, "t2")
    assert [cell.attributes["Headers"] for cell in cells if cell.element.tag == "td"] == [
        ["t2-0-0", "t2-1-1"], ["t2-0-2", "t2-1-1"]]


def test_a_link_keeps_one_annotation_per_box_that_is_not_inside_another() -> None:
    entry = ("internal", "k4-3", (10.0, 10.0, 200.0, 30.0), "a")
    number = ("internal", "k4-3", (10.0, 10.0, 40.0, 30.000001), "a::before")
    page = ("internal", "k4-3", (190.0, 20.0, 200.0, 30.0), "a::after")
    empty = ("internal", "k4-3", (10.0, 20.0, 40.0, 20.0), "a::before")
    elsewhere = ("internal", "k5", (10.0, 40.0, 200.0, 60.0), "a")
    second_line = ("external", "https://example.org", (10.0, 70.0, 50.0, 80.0), "a")
    assert _one_per_link([empty, number, entry, page, elsewhere, second_line, entry]) == [entry, elsewhere, second_line]


def test_marked_content_is_numbered_in_reading_order_or_made_an_artifact() -> None:
    stream = pydyf.Stream()
    for mcid in range(3):
        stream.begin_marked_content("Span", pydyf.Dictionary({"MCID": mcid}))
        stream.end_marked_content()
    heading, text, footer = object(), object(), object()
    marks = PageMarks(4, {footer: {"tag": "Span", "mcid": 0}, heading: {"tag": "Span", "mcid": 1},
                          text: {"tag": "Span", "mcid": 2}}, [stream])
    assert (marks.claim(heading).mcid, marks.claim(text).mcid) == (0, 1)
    assert marks.unused() == [footer]
    marks.artifact(footer)
    assert marks.unused() == []
    assert b" ".join(pydyf._to_bytes(item) for item in stream.stream) == (
        b"/Artifact <</Type /Pagination>> BDC EMC /Span <</MCID 0>> BDC EMC /Span <</MCID 1>> BDC EMC")
