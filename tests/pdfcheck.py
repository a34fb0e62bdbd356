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


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Base font names, without subset tags, used on any page."""
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(strip_subset(str(font["/BaseFont"])))
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                    f"{font['/BaseFont']} is not embedded"
                )
    return names


def folios(page: PageObject, bottom_pt: float, split_x: float | None = None) -> list[str]:
    """Page-number texts in the bottom band, as [left, right] halves when split_x is set."""
    numbers = [r for r in runs(page) if r.y < bottom_pt and r.text.isdigit()]
    if split_x is None:
        return [r.text for r in numbers]
    halves = ["", ""]
    for run in numbers:
        halves[run.x >= split_x] += run.text
    return halves
