"""Reading PDFs back: positioned text runs, fonts and folios, for assertions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PageObject, PdfReader


@dataclass(frozen=True)
class Run:
    text: str
    x: float  # origin on the page, points
    y: float
    size: float  # rendered font size, points
    font: str  # /BaseFont without the subset prefix


def runs(page: PageObject) -> list[Run]:
    """Every non-blank text run with its position and rendered size."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        # text matrix times current transformation matrix
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        base = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        found.append(Run(text.strip(), x, y, font_size * (c * c + d * d) ** 0.5, base))

    page.extract_text(visitor_text=visit)
    return found


def strip_subset(name: str) -> str:
    return re.sub(r"^/?[A-Z]{6}\+", "", name).lstrip("/")


def _font_dicts(resources) -> list:
    """Fonts in a resource dictionary and in the form XObjects it holds, recursively."""
    resources = resources.get_object() if resources is not None else {}
    found = [ref.get_object() for ref in resources.get("/Font", {}).values()]
    for ref in resources.get("/XObject", {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            found += _font_dicts(xobject.get("/Resources"))
    return found


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Base font names, without subset tags, used on any page or in its forms."""
    names = set()
    for page in reader.pages:
        for ref in _font_dicts(page.get("/Resources")):
            font = ref.get_object()
            names.add(strip_subset(str(font["/BaseFont"])))
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                    f"{font['/BaseFont']} is not embedded"
                )
    return names


def folios(page: PageObject, bottom_pt: float) -> list[str]:
    """Page-number texts in the bottom band of a reading page."""
    return [r.text for r in runs(page) if r.y < bottom_pt and r.text.isdigit()]


def region_text(path, page_index: int, left: float, bottom: float, right: float, top: float) -> str:
    """Text inside a rectangle (points, origin bottom left), as PDFium draws the page.

    PDFium follows form XObjects with their placement, as a printer does, so this reads
    imposed sheets where pypdf's text positions stop at the form's own coordinates.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        text_page = pdf[page_index].get_textpage()
        return text_page.get_text_bounded(left, bottom, right, top).strip()
    finally:
        pdf.close()


def text_edge_distances(path, page_index: int) -> tuple[float, float, float, float] | None:
    """The smallest distance (points) from any printed character to the left, bottom,
    right and top sheet edges, as PDFium lays the page out; None on a page with no text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_index]
        width, height = page.get_size()
        text_page = page.get_textpage()
        boxes = [
            text_page.get_charbox(i)
            for i in range(text_page.count_chars())
            if not text_page.get_text_range(i, 1).isspace()
        ]
        if not boxes:
            return None
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            width - max(b[2] for b in boxes),
            height - max(b[3] for b in boxes),
        )
    finally:
        pdf.close()


def placements(page: PageObject) -> list[tuple[str, tuple[float, ...]]]:
    """(form name, matrix a b c d e f) for each form XObject a sheet draws, in order."""
    from pypdf.generic import ContentStream

    matrix: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    found = []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"cm":
            matrix = tuple(float(v) for v in operands)
        elif operator == b"Do":
            found.append((str(operands[0]), matrix))
    return found
