"""PDF/UA-1 and PDF/A-2a at once: WeasyPrint's variant plus a finisher for what it leaves out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

PDFUA_XMP = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Part of ISO 14289 the document conforms to</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""
"""XMP declaring PDF/UA-1, with the extension schema PDF/A requires for the non-standard pdfuaid namespace."""


@dataclass(frozen=True)
class Standards:
    """Which standards the PDF claims: PDF/A-2a for archives, PDF/UA-1 for accessibility."""

    pdfa: bool = True
    pdfua: bool = True

    @property
    def variant(self) -> str | None:
        """WeasyPrint's pdf_variant; PDF/A-2a when both are wanted, PDF/UA is added by the finisher."""
        if self.pdfa:
            return "pdf/a-2a"
        return "pdf/ua-1" if self.pdfua else None

    def options(self) -> dict[str, Any]:
        """Keyword arguments for WeasyPrint's write_pdf: always tagged, so figures keep their alt text.

        `uncompressed_pdf` makes WeasyPrint write a classic cross-reference table instead of a deflated
        cross-reference stream, whose bytes it writes after the finisher and which validators can
        misread; the finisher deflates every other stream again.
        """
        return {"pdf_variant": self.variant, "pdf_tags": True, "uncompressed_pdf": True, "finisher": self.finish}

    def finish(self, document: Any, pdf: Any) -> None:
        """WeasyPrint's documented finisher hook: fix what the validators reject, right before writing."""
        import pydyf

        metadata = _object(pdf, pdf.catalog.get("Metadata"))
        if metadata is not None:
            added = (PDFUA_XMP if self.pdfa and self.pdfua else b"") + _language_xmp(document.metadata.lang)
            metadata.stream = [b"".join(metadata.stream).replace(b"</rdf:RDF>", added + b"</rdf:RDF>", 1)]
        for pdf_object in pdf.objects:
            if not isinstance(pdf_object, pydyf.Stream):
                continue
            pdf_object.extra.pop("Interpolate", None)  # PDF/A forbids image interpolation
            if pdf_object is not metadata:  # PDF/A forbids a Filter on the metadata stream
                pdf_object.compress = True
                # A deflated stream that happens to end in CR reads as if its length were one byte short.
                pdf_object.compress = not pdf_object.data.endswith(b"\r\nendstream")


def _language_xmp(language: str | None) -> bytes:
    """XMP naming the document's language (dc:language), which WeasyPrint leaves out."""
    if not language:
        return b""
    return (b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language><rdf:Bag>'
            b"<rdf:li>" + escape(language).encode() + b"</rdf:li></rdf:Bag></dc:language></rdf:Description>\n")


def _object(pdf: Any, reference: Any) -> Any:
    """The object a reference like "12 0 R" points to, or None."""
    if not reference:
        return None
    return pdf.objects[int(reference.split()[0])]
