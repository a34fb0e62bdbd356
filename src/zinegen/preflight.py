"""Checks that stop a build before a flawed PDF reaches a printer (exit code 1)."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from io import BytesIO
from pathlib import Path

from zinegen.errors import Problem, fail, read_text
from zinegen.model import FontFace, Kit, Layout, Product, Section

FONT_HINT = (
    "use other characters, or add a font that has them to the kit's fonts/fonts.toml "
    "(with its licence)."
)


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError  # a WeasyPrint dependency

    try:
        return frozenset(TTFont(path, lazy=True).getBestCmap())
    except (TTLibError, OSError, AssertionError) as error:
        fail(
            f"{path.name} cannot be read as a font ({error}).",
            "declare TrueType or OpenType files (.ttf, .otf) in fonts/fonts.toml.",
            path,
        )


def covered(fonts: Iterable[FontFace]) -> frozenset[int]:
    """Code points that at least one of the fonts can draw."""
    return frozenset().union(*(_cmap(face.path) for face in fonts))


def _printable(text: str) -> set[str]:
    """Characters that need a glyph: not spaces, not control or format characters."""
    return {ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"}


def _visible_text(section: Section) -> str:
    body = html.unescape(re.sub(r"<[^>]+>", " ", section.html))
    return " ".join((section.title, section.summary, body))


def _describe(chars: Iterable[str]) -> str:
    return ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in sorted(chars))


def _line_of(path: Path, chars: set[str]) -> int | None:
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if chars & set(line):
            return number
    return None


def check_characters(kit: Kit, product: Product, sections: list[Section]) -> list[Problem]:
    """Every character the product prints must be in a declared font: never a silent fallback."""
    have = covered(kit.fonts)
    families = ", ".join(sorted({face.family for face in kit.fonts}))
    problems = []
    for section in sections:
        missing = {ch for ch in _printable(_visible_text(section)) if ord(ch) not in have}
        if missing:
            problems.append(
                Problem(
                    f"section '{section.id}' uses {_describe(missing)}, which the fonts "
                    f"({families}) cannot draw.",
                    FONT_HINT,
                    section.source,
                    _line_of(section.source, missing),
                )
            )
    settings = " ".join(
        (product.title, product.subtitle, kit.organization.name, kit.organization.contact)
    )
    missing = {ch for ch in _printable(settings) if ord(ch) not in have}
    if missing:
        problems.append(
            Problem(
                f"the title or organization uses {_describe(missing)}, which the fonts "
                f"({families}) cannot draw.",
                FONT_HINT,
                kit.config_file,
                _line_of(kit.config_file, missing),
            )
        )
    return problems


PX_TO_MM = 25.4 / 96  # WeasyPrint positions are CSS pixels


def check_one_page(
    document, layout: Layout, sections: list[Section], source: Path
) -> list[Problem]:
    """Elements the layout declares as one page (a back cover, say) must not spill over."""
    by_anchor = {f"s-{section.id}": section for section in sections}
    problems = []
    for element_id in layout.one_page:
        pages = [page for page in document.pages if element_id in page.anchors]
        if len(pages) < 2:
            continue
        spill_mm = sum(
            (page.anchors[element_id][3] - page.anchors[element_id][1]) * PX_TO_MM
            for page in pages[1:]
        )
        inside = [by_anchor[a] for page in pages for a in page.anchors if a in by_anchor]
        named = ", ".join(
            dict.fromkeys(f"section '{s.id}' ({_shown(s.source, source.parent)})" for s in inside)
        )
        problems.append(
            Problem(
                f"the {element_id.replace('-', ' ')} of the {layout.name} runs to {len(pages)} "
                f"pages; it must fit on one (about {spill_mm:.0f} mm too long).",
                f"shorten {named or 'what is on it'}, or the contact lines in zine.toml.",
                source,
            )
        )
    return problems


def box_pages(document) -> dict[int, list[int]]:
    """For each fixed box (its element id is box-N), the indexes of the pages it is on."""
    found: dict[int, list[int]] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("box-") and anchor[4:].isdigit():
                found.setdefault(int(anchor[4:]), []).append(index)
    return dict(sorted(found.items()))


def overflow_mm(measured, layout: Layout, paper: str, number: int) -> float:
    """How far box `number` runs past its page, from a measuring render (tall pages)."""
    top_margin = layout.margin_pt[0] if layout.margin_pt else 0.0
    for page in measured.pages:
        if f"box-{number}" in page.anchors:
            bottom_pt = page.anchors[f"box-{number}"][3] * 0.75  # px -> pt
            used_pt = bottom_pt - top_margin
            return (used_pt - layout.box_height_pt(paper)) * 25.4 / 72
    return 0.0


def check_overflow(
    measured,
    layout: Layout,
    paper: str,
    product: str,
    boxes: list,
    numbers: list[int],
    config_file: Path | None = None,
) -> list[Problem]:
    """A problem for each box that does not fit, with the millimetres it runs over."""
    noun = layout.box_labels[0].split()[0] if layout.box_labels else "box"
    problems = []
    for box in boxes:
        if box.number not in numbers:
            continue
        # rounded up: cutting this much is always enough
        over = max(math.ceil(overflow_mm(measured, layout, paper, box.number) - 0.05), 1)
        what = "the section" if len(box.sections) == 1 else "a section"
        if box.contact:
            what += " (or the contact lines in zine.toml)"
        problems.append(
            Problem(
                f"{product}: {box.name} overflows by {over} mm.",
                f"shorten {what} or move part of it to another {noun}.",
                box.sections[0].source if box.sections else config_file,
            )
        )
    return problems


def empty_boxes(boxes: list, product: str) -> list[str]:
    """Warnings for boxes with nothing in them: legal, but rarely meant."""
    return [
        f"{product}: {box.label} is empty; give it a section in zine.toml's panels."
        for box in boxes
        if not box.sections and not box.cover and not box.contact
    ]


def check_text_size(document, min_pt: float, product: str, source: Path | None) -> list[Problem]:
    """Text set smaller than the layout allows, found in the laid-out pages."""
    from weasyprint.formatting_structure.boxes import TextBox

    small: dict[float, tuple[int, str]] = {}
    for number, page in enumerate(document.pages, start=1):
        # _page_box is WeasyPrint's laid-out tree (its own tests read it too); the major
        # version is pinned, and reading the PDF back instead costs a hundred times more.
        for box in page._page_box.descendants():
            if isinstance(box, TextBox) and box.text.strip():
                size = round(box.style["font_size"] * 0.75, 2)  # CSS px -> pt
                if size < min_pt - 0.05:
                    small.setdefault(size, (number, box.text.strip()[:30]))
    return [
        Problem(
            f"{product}: text on page {number} is set at {size:g} pt, below the layout's "
            f'{min_pt:g} pt minimum ("{text}").',
            "raise the font-size in the layout's CSS.",
            source,
        )
        for size, (number, text) in sorted(small.items())
    ]


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def check_embedded_fonts(pdf: bytes, fonts: Iterable[FontFace], source: Path) -> list[Problem]:
    """A safety net after rendering: every font in the PDF must be a declared one."""
    from pypdf import PdfReader

    families = {_normal(face.family) for face in fonts}
    foreign = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            base = str(ref.get_object().get("/BaseFont", "")).lstrip("/")
            name = re.sub(r"^[A-Z]{6}\+", "", base)  # drop the subset tag
            if not any(_normal(name).startswith(family) for family in families):
                foreign.add(name)
    declared = ", ".join(sorted({face.family for face in fonts}))
    return [
        Problem(
            f"the PDF would use the system font '{name}'; only declared fonts ({declared}) "
            "may print.",
            "a layout's CSS names a font-family that is not declared (monospace for code, say), "
            "or some text has characters the declared fonts lack; set font-family to a "
            "declared face, or " + FONT_HINT,
            source,
        )
        for name in sorted(foreign)
    ]
