"""The tag tree a screen reader reads: every class of defect WeasyPrint's own tagging leaves, counted and zero."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from conftest import EXAMPLE, FIXTURES, MUSTERLAND
from pdftext import BLOCK_ROLES, PageContent, Tag, normalize, page_contents, tag_text, tag_tree

from amip.cli import main

LINE_END_HYPHEN = "\u2010"
"""The hyphen WeasyPrint adds where it breaks a word (CSS hyphenate-character: auto)."""
BREAKS_WITHOUT_GAP = ("-", LINE_END_HYPHEN, "/", "–")
"""Characters after which a line may end inside a word: no word gap is owed there."""
SAME_LINE = 5.0
"""Baselines closer than this (in CSS pixels) belong to one line."""


@dataclass(frozen=True)
class Unit:
    """A piece of text as a screen reader gets it: one marked-content sequence, or a tag's ActualText."""

    text: str
    drawn: str
    """The text as drawn on the page."""
    page: int
    first_y: float
    last_y: float


class TaggedPdf:
    """A PDF's tag tree with the text of its marked content, and the HTML page it was made from."""

    def __init__(self, pdf: pikepdf.Pdf, html: str):
        self.pdf = pdf
        self.pages: list[PageContent] = page_contents(pdf)
        self.root = tag_tree(pdf)
        self.tags = list(self.root.descendants())
        self.html = _HtmlElements.count(html)

    def text(self, tag: Tag) -> str:
        return normalize(tag_text(tag, self.pages))

    def unit(self, page: int, mcid: int) -> Unit:
        piece = self.pages[page].pieces[mcid]
        return Unit(piece.text, piece.text, page, piece.first_y, piece.last_y)

    def units(self, tag: Tag) -> Iterator[Unit]:
        """The text of `tag` as units, in reading order."""
        if "/ActualText" in tag.node:
            pieces = [self.pages[page].pieces[mcid] for page, mcid in tag.content()]
            yield Unit(str(tag.node.ActualText), "".join(piece.text for piece in pieces), next(tag.content())[0],
                       pieces[0].first_y, pieces[-1].last_y)
            return
        for kid in tag.kids:
            if isinstance(kid, Tag):
                yield from self.units(kid)
            elif isinstance(kid, tuple):
                yield self.unit(*kid)

    def flows(self, tag: Tag | None = None) -> Iterator[list[Unit]]:
        """The runs of text read without a break: the inline content of each block tag, split by nested blocks."""
        run: list[Unit] = []
        for kid in (tag or self.root).kids:
            if isinstance(kid, Tag) and kid.role in BLOCK_ROLES and "/ActualText" not in kid.node:
                yield run
                run = []
                yield from self.flows(kid)
            elif isinstance(kid, Tag):
                run.extend(self.units(kid))
            elif isinstance(kid, tuple):
                run.append(self.unit(*kid))
        yield run

    def line_ends(self) -> Iterator[tuple[Unit, Unit]]:
        """Each place where a run of text goes on in the next line (or page)."""
        for run in self.flows():
            for left, right in zip(run, run[1:]):
                if left.page != right.page or abs(left.last_y - right.first_y) > SAME_LINE:
                    yield left, right


class _HtmlElements(HTMLParser):
    """How many elements of each kind an HTML page has that show something (text or an image)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list] = []  # [tag, shows something]
        self.counts: Counter[str] = Counter()

    @classmethod
    def count(cls, html: str) -> Counter[str]:
        parser = cls()
        parser.feed(html)
        return parser.counts

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "img":
            self._shows()
        if tag in ("th", "td") and any(name in ("colspan", "rowspan") and value != "1" for name, value in attrs):
            self.counts["spanning cells"] += 1
        if tag not in self.VOID:
            self.open.append([tag, False])

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, shows = self.open.pop()
            self.counts[name] += shows or name in {"tr", "th", "td", "thead", "tbody", "tfoot"}
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._shows()

    def _shows(self) -> None:
        for element in self.open:
            element[1] = True


SPLIT_ROLES = {("Sect",): ("section",), ("P",): ("p",), ("L", "TOC"): ("ul", "ol"), ("LI", "TOCI"): ("li",),
               ("Table",): ("table",), ("THead",): ("thead",), ("TBody",): ("tbody",), ("TR",): ("tr",),
               ("Caption",): ("caption", "figcaption"),
               **{(f"H{level}",): (f"h{level}",) for level in range(1, 7)}}
"""Roles whose elements each stand for one HTML element, with the HTML tags they stand for."""


def orphans(tagged: TaggedPdf) -> int:
    """Marked content no tag reaches, tags pointing at no content, and text neither tagged nor an artifact."""
    reached = set(tagged.root.content())
    shown = {(number, mcid) for number, page in enumerate(tagged.pages) for mcid in page.pieces}
    return len(shown ^ reached) + sum(len(page.untagged) for page in tagged.pages)


def split_elements(tagged: TaggedPdf) -> int:
    """Tags beyond one per HTML element: pieces of a paragraph, section, list or table cut at a page break."""
    roles = Counter(tag.role for tag in tagged.tags
                    if not (tag.role == "Caption" and any(up.role == "Caption" for up in tag.ancestors())))
    return sum(max(0, sum(roles[role] for role in pdf_roles) - sum(tagged.html[name] for name in html_names))
               for pdf_roles, html_names in SPLIT_ROLES.items())


@dataclass
class Cell:
    """A table cell on the table's logical grid."""

    tag: Tag
    rows: range
    columns: range
    group: int
    in_head: bool


def table_grid(table: Tag) -> list[Cell]:
    """The cells of a Table tag placed on its grid, row and column spans resolved."""
    groups = [kid for kid in table.kids if isinstance(kid, Tag) and kid.role in ("THead", "TBody", "TFoot")]
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    row = 0
    for number, group in enumerate(groups):
        rows = [kid for kid in group.kids if isinstance(kid, Tag) and kid.role == "TR"]
        end = row + len(rows)
        for tr in rows:
            column = 0
            for cell in (kid for kid in tr.kids if isinstance(kid, Tag) and kid.role in ("TH", "TD")):
                while (row, column) in taken:
                    column += 1
                span = _attributes(cell)
                placed = Cell(cell, range(row, min(end, row + int(span.get("/RowSpan", 1)))),
                              range(column, column + int(span.get("/ColSpan", 1))), number, group.role == "THead")
                taken.update((y, x) for y in placed.rows for x in placed.columns)
                cells.append(placed)
                column = placed.columns.stop
            row += 1
    return cells


def _attributes(tag: Tag) -> dict[str, pikepdf.Object]:
    """The table attributes of a tag (its /A, a dictionary or an array of them)."""
    given = tag.node.get("/A")
    found: dict[str, pikepdf.Object] = {}
    for attributes in given if isinstance(given, pikepdf.Array) else [] if given is None else [given]:
        found.update((str(key), value) for key, value in attributes.items())
    return found


def _data_rows(cells: list[Cell]) -> set[int]:
    return {row for cell in cells if cell.tag.role == "TD" for row in cell.rows}


def header_scopes(cells: list[Cell]) -> dict[int, str]:
    """What each header cell (by index) heads: a column (in the head, or a group's title row) or its row."""
    data_rows = _data_rows(cells)
    return {index: "/Row" if not cell.in_head and set(cell.rows) & data_rows else "/Column"
            for index, cell in enumerate(cells) if cell.tag.role == "TH"}


def expected_headers(cells: list[Cell], data: Cell) -> set[int]:
    """The header cells over a data cell's column and in its row, as indexes into `cells`."""
    headers = set()
    for index, scope in header_scopes(cells).items():
        header = cells[index]
        if scope == "/Row" and set(header.rows) & set(data.rows):
            headers.add(index)
        elif (scope == "/Column" and set(header.columns) & set(data.columns) and header.rows.stop <= data.rows.start
              and (header.in_head or header.group == data.group)):
            headers.add(index)
    return headers


def wrong_headers(tagged: TaggedPdf) -> int:
    """Data cells whose /Headers are not exactly the header cells over their column and in their row.

    The grid comes from the tags' ColSpan and RowSpan; cells that span in the HTML but not in the tags
    (WeasyPrint before 70 wrote no spans) leave a grid on which no /Headers can be right, and count too.
    """
    spanning = sum(tag.role in ("TH", "TD") and bool({"/ColSpan", "/RowSpan"} & set(_attributes(tag)))
                   for tag in tagged.tags)
    wrong = max(0, tagged.html["spanning cells"] - spanning)
    for table in (tag for tag in tagged.tags if tag.role == "Table"):
        cells = table_grid(table)
        ids = {str(cell.tag.node.ID): index for index, cell in enumerate(cells) if "/ID" in cell.tag.node}
        for cell in cells:
            if cell.tag.role == "TD":
                given = {ids.get(str(name), -1) for name in _attributes(cell.tag).get("/Headers", [])}
                wrong += given != expected_headers(cells, cell)
    return wrong


def missing_scopes(tagged: TaggedPdf) -> int:
    """Header cells without the /Scope they have on the grid."""
    missing = 0
    for table in (tag for tag in tagged.tags if tag.role == "Table"):
        cells = table_grid(table)
        for index, scope in header_scopes(cells).items():
            missing += str(_attributes(cells[index].tag).get("/Scope")) != scope
    return missing


def toc_defects(tagged: TaggedPdf) -> int:
    """No TOC; entries of the contents that are no TOCI holding one Link (maybe in a Reference) with one annotation."""
    tocs = [tag for tag in tagged.tags if tag.role == "TOC"]
    if not tocs:
        heading = next(tag for tag in tagged.tags if tag.role == "H1" and tagged.text(tag) == "Inhaltsverzeichnis")
        return 1 + sum(tag.role == "Link" for tag in heading.parent.descendants())
    wrong = 0
    for item in (kid for toc in tocs for kid in toc.kids):
        links = [tag for tag in _entry(item) if tag.role == "Link"] if isinstance(item, Tag) else []
        wrong += (not isinstance(item, Tag) or item.role != "TOCI" or len(links) != 1
                  or sum(isinstance(kid, pikepdf.Dictionary) for kid in links[0].kids) != 1)
    return wrong


def _entry(item: Tag) -> Iterator[Tag]:
    """The tags of a contents entry, without the entries nested in it."""
    for kid in item.kids:
        if isinstance(kid, Tag) and kid.role != "TOC":
            yield kid
            yield from _entry(kid)


def nested(tagged: TaggedPdf, role: str) -> int:
    """Tags of `role` inside another of the same role."""
    return sum(tag.role == role and any(up.role == role for up in tag.ancestors()) for tag in tagged.tags)


def uncaptioned_tables(tagged: TaggedPdf) -> int:
    """Tables without a Caption as their first or last kid."""
    return sum(tag.role == "Table" and not any(isinstance(kid, Tag) and kid.role == "Caption"
                                               for kid in (tag.kids[0], tag.kids[-1]))
               for tag in tagged.tags)


def misplaced_captions(tagged: TaggedPdf) -> int:
    """Captions neither in their Table nor beside their Figure in a grouping tag."""
    return sum(tag.role == "Caption" and tag.parent.role != "Table"
               and not any(isinstance(kid, Tag) and kid.role == "Figure" for kid in tag.parent.kids)
               for tag in tagged.tags)


def line_end_hyphens(tagged: TaggedPdf) -> int:
    """Hyphens added by hyphenation that a screen reader reads as text."""
    return sum(left.text.endswith(LINE_END_HYPHEN) for left, _ in tagged.line_ends())


def missing_word_gaps(tagged: TaggedPdf) -> int:
    """Line ends between two words (not after a hyphen or slash) where the text read has no space."""
    return sum(not (left.text[-1:].isspace() or right.text[:1].isspace() or left.drawn.endswith(BREAKS_WITHOUT_GAP))
               for left, right in tagged.line_ends())


DEFECTS = {
    "orphans": orphans,
    "split elements": split_elements,
    "wrong /Headers": wrong_headers,
    "missing /Scope": missing_scopes,
    "no TOC/TOCI": toc_defects,
    "nested links": lambda tagged: nested(tagged, "Link"),
    "nested captions": lambda tagged: nested(tagged, "Caption"),
    "tables without caption": uncaptioned_tables,
    "misplaced captions": misplaced_captions,
    "line-end hyphens": line_end_hyphens,
    "missing word gaps": missing_word_gaps,
}
"""Each class of defect in a tag tree, with the function that counts it."""


def defects(pdf: Path, html: str) -> dict[str, int]:
    """How many defects of each class the tag tree of `pdf`, made from the page `html`, has."""
    with pikepdf.open(pdf) as document:
        tagged = TaggedPdf(document, html)
        return {name: count(tagged) for name, count in DEFECTS.items()}


NONE = dict.fromkeys(DEFECTS, 0)
LONG_TABLE = FIXTURES / "lange-tabelle"


def html_page(data: Path, target: Path) -> str:
    assert main(["build", str(data), "--format", "html", "-o", str(target)]) == 0
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def long_table_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data set whose table runs over three pages, built once."""
    target = tmp_path_factory.mktemp("lang") / "lange-tabelle.pdf"
    assert main(["build", str(LONG_TABLE), "-o", str(target)]) == 0
    return target


@pytest.fixture
def built(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A built PDF (the session's examples, the long table) and the web page of its data set."""
    data, pdf = {"elbe-elster": (EXAMPLE, "example_pdf"), "musterland": (MUSTERLAND, "musterland_pdf"),
                 "lange-tabelle": (LONG_TABLE, "long_table_pdf")}[request.param]
    return request.getfixturevalue(pdf), html_page(data, tmp_path / "seite.html")


@pytest.mark.parametrize("built", ["elbe-elster", "musterland", "lange-tabelle"], indirect=True)
def test_tag_tree_has_no_defect(built: tuple[Path, str]) -> None:
    assert defects(*built) == NONE


SPECIMEN = """<!DOCTYPE html>
<html lang="de-DE"><head><meta charset="utf-8"><title>Probe</title><style>
@page {{ size: A6; margin: 15mm 10mm; @bottom-right {{ content: "Seite " counter(page); font-size: 7pt; }} }}
html {{ font: 9pt/1.3 "Noto Sans", sans-serif; hyphens: auto; }}
p {{ text-align: justify; }}
nav ol {{ list-style: none; }}
nav a::before {{ content: attr(data-nummer) " "; }}
nav a::after {{ content: " " target-counter(attr(href), page); }}
thead {{ display: table-header-group; }}
</style></head><body>
<nav role="doc-toc" aria-label="Inhaltsverzeichnis"><h1>Inhaltsverzeichnis</h1>
<ol><li><a href="#lage" data-nummer="1" aria-label="Kapitel 1 Lage am Arbeitsmarkt">Lage am Arbeitsmarkt</a></li></ol>
</nav>
<section id="lage"><h1>Lage am Arbeitsmarkt</h1>
<p>{paragraph}</p>
<figure><img src="linie.svg" alt="Liniendiagramm: weniger Leistungsberechtigte">
<figcaption>Abbildung 1: Leistungsberechtigte<span style="display: block">im Jahresdurchschnitt</span></figcaption></figure>
<figure><table><caption>Erwerbstätige</caption>
<thead><tr><th rowspan="2">Merkmal</th><th colspan="2">Veränderung zum Vorjahr</th></tr>
<tr><th>absolut</th><th>in %</th></tr></thead>
<tbody><tr><th scope="rowgroup" colspan="3">Mai 2016</th></tr>{rows}</tbody></table></figure>
</section></body></html>"""
"""A page with what amip's documents have: contents, running footer, hyphenated paragraphs, a figure with a
caption and a table with merged header cells that runs over a page break."""
PARAGRAPH = ("Der Bestand an Langzeitleistungsbeziehenden ist gesunken, doch das Arbeitsmarkt- und "
             "Integrationsprogramm setzt weiter auf Qualifizierung und Beschäftigungsförderung. ") * 8
ROWS = "".join(f'<tr><th scope="row">Zeile {row}</th><td>{row * 7}</td><td>{row},5</td></tr>' for row in range(40))
CHART = '<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="20mm"><path d="M0 0 L60 20" stroke="black"/></svg>'


def test_weasyprints_own_tagging_has_every_defect(tmp_path: Path) -> None:
    """The counts find what they count: WeasyPrint's own tags of the specimen have each defect."""
    import weasyprint

    (tmp_path / "linie.svg").write_text(CHART, encoding="utf-8")
    html = SPECIMEN.format(paragraph=PARAGRAPH, rows=ROWS)
    weasyprint.HTML(string=html, base_url=str(tmp_path) + "/").write_pdf(tmp_path / "eigen.pdf", pdf_variant="pdf/ua-1")
    found = defects(tmp_path / "eigen.pdf", html)
    assert all(found.values()), found


def test_amips_tagging_of_the_specimen_has_no_defect(tmp_path: Path) -> None:
    from amip.pdf import write_pdf

    (tmp_path / "linie.svg").write_text(CHART, encoding="utf-8")
    html = SPECIMEN.format(paragraph=PARAGRAPH, rows=ROWS)
    write_pdf(html, tmp_path / "amip.pdf", data_dir=tmp_path, own=[])
    assert defects(tmp_path / "amip.pdf", html) == NONE


def tagged_pdf(pdf: Path) -> TaggedPdf:
    """The tag tree of `pdf`, read from memory so that it outlives no open file."""
    return TaggedPdf(pikepdf.open(BytesIO(pdf.read_bytes())), "")


def test_text_from_the_tags_reads_as_words(example_pdf: Path, musterland_pdf: Path) -> None:
    example, musterland = (normalize(tag_text(tagged.root, tagged.pages))
                           for tagged in (tagged_pdf(example_pdf), tagged_pdf(musterland_pdf)))
    assert example.count("Arbeitsmarkt- und Integrationsprogramm") == 2 and "undIntegration" not in example
    assert len(re.findall(r"\bLangzeitleistungsbezug\b", example)) == 3
    assert len(re.findall(r"\bLangzeitleistungsbeziehenden\b", musterland)) == 5
    assert LINE_END_HYPHEN not in example + musterland


def test_running_heads_are_pagination_artifacts(example_pdf: Path) -> None:
    pages = tagged_pdf(example_pdf).pages
    assert pages[3].artifacts == [("/Pagination", "1 Grundsicherung für Arbeitsuchende im Landkreis"),
                                  ("/Pagination", "Arbeitsmarkt- und Integrationsprogramm"),
                                  ("/Pagination", "Jobcenter Elbe-Elster, Stand: 02.12.2016"),
                                  ("/Pagination", "Seite 4 von 23")]
    assert not any(page.untagged for page in pages)


def test_a_table_over_three_pages_is_one_table_whose_repeated_head_is_an_artifact(long_table_pdf: Path) -> None:
    tagged = tagged_pdf(long_table_pdf)
    [table] = [tag for tag in tagged.tags if tag.role == "Table"]
    first, *later = sorted({page for page, _ in table.content()})
    assert len(later) == 2
    head = ["Merkmal", "Berichtsmonat", "Veränderung zum Vorjahr", "Anteile in %", "absolut", "in %", "1", "2", "3", "4"]
    for page in later:
        running = ["1 Lage am Arbeitsmarkt", "Arbeitsmarkt- und Integrationsprogramm",
                   "Jobcenter Musterkreis, Stand: 30.11.2023", f"Seite {page + 1} von 8"]
        assert sorted(tagged.pages[page].artifacts) == sorted(("/Pagination", text) for text in running + head)
    assert [tag.role for tag in table.kids] == ["Caption", "THead"] + ["TBody"] * 8
    assert tagged.text(table.kids[1]) == " ".join(head)


def test_contents_link_each_entry_once_and_say_where_it_leads(example_pdf: Path) -> None:
    tagged = tagged_pdf(example_pdf)
    entries = [tag for tag in tagged.tags if tag.role == "TOCI"]
    annotations = tagged.pdf.pages[1].Annots
    assert len(entries) == len(annotations) == 25
    assert all(abs(x2 - x1) > 100 and abs(y2 - y1) > 10 for x1, y1, x2, y2 in (annotation.Rect for annotation in annotations))
    descriptions = [str(annotation.Contents) for annotation in annotations]
    assert descriptions[:2] == ["Vorwort, Seite 3", "Kapitel 1 Grundsicherung für Arbeitsuchende im Landkreis, Seite 4"]
    assert ("Abschnitt 4.3 ESF-Bundesprogramm zur Eingliederung langzeitarbeitsloser Leistungsberechtigter nach dem "
            "SGB II in den allgemeinen Arbeitsmarkt, Seite 16") in descriptions
    assert tagged.text(entries[11]) == ("4.3 ESF-Bundesprogramm zur Eingliederung langzeitarbeitsloser "
                                        "Leistungsberechtigter nach dem SGB II in den allgemeinen Arbeitsmarkt 16")


def test_tables_have_their_caption_in_them_and_figures_theirs_after_them(example_pdf: Path, tmp_path: Path) -> None:
    assert '<caption class="nur-vorgelesen">Lokale Ziele</caption>' in html_page(EXAMPLE, tmp_path / "seite.html")
    tagged = tagged_pdf(example_pdf)
    assert [tagged.text(tag.kids[0]) for tag in tagged.tags if tag.role == "Table"] == [
        "Erwerbstätige ELB Mai 2016/ Februar 2016 – Daten nach einer Wartezeit von 3 bzw. 6 Monaten in Verbindung "
        "mit Merkmalen der Beschäftigungsstatistik",
        "Erwerbsfähige Leistungsberechtigte nach Profillagen und Altersgruppen", "Lokale Ziele",
        "Voraussichtliche Budgetzuteilung nach der Eingliederungsmittelverordnung auf einen Blick"]
    figure = next(tag for tag in tagged.tags if tag.role == "Div" and any(kid.role == "Figure" for kid in tag.kids))
    assert [kid.role for kid in figure.kids] == ["Figure", "Caption", "P"]
    assert tagged.text(figure.kids[1]) == "Abbildung 1: Entwicklung der erwerbsfähigen Leistungsberechtigten Jahresdurchschnitt"


def test_content_drawn_in_a_transparency_group_is_tagged_in_its_form(tmp_path: Path) -> None:
    """Text with opacity is drawn in a form XObject: its tag points there (/Stm), the form has its parents."""
    from amip.pdf import write_pdf

    html = ('<!DOCTYPE html><html lang="de-DE"><head><title>Probe</title></head><body><p>Voll</p>'
            '<p style="opacity: 0.5">Halb durchsichtig</p><p>Wieder voll</p></body></html>')
    write_pdf(html, tmp_path / "halb.pdf", data_dir=tmp_path, own=[])
    with pikepdf.open(tmp_path / "halb.pdf") as pdf:
        paragraphs = pdf.Root.StructTreeRoot.K[0].K
        [form] = pdf.pages[0].Resources.XObject.values()
        [content] = paragraphs[1].K
        assert (content.Type, content.MCID, content.Stm.objgen) == ("/MCR", 0, form.objgen)
        assert [int(kid) for kid in paragraphs[0].K] == [0] and [int(kid) for kid in paragraphs[2].K] == [1]
        parents = dict(zip(pdf.Root.StructTreeRoot.ParentTree.Nums[::2], pdf.Root.StructTreeRoot.ParentTree.Nums[1::2]))
        assert [parent.objgen for parent in parents[form.StructParents]] == [paragraphs[1].objgen]
