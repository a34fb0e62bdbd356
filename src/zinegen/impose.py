"""Imposition: reading pages placed on printer sheets. Pure geometry over PDF pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

Size = tuple[float, float]  # (width, height) in points

MARK_GAP_PT = 2 * 72 / 25.4  # crop marks stop 2 mm short of the cut corner
MARK_LENGTH_PT = 5 * 72 / 25.4
MARK_WIDTH_PT = 0.25
MARK_SAFE_PT = 6 * 72 / 25.4  # nothing printed closer than 6 mm to the sheet edge
MIN_MARK_PT = 1.5 * 72 / 25.4  # shorter than this, a mark is left out


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one reading page lands on a sheet side; page None leaves the slot blank."""

    page: int | None  # 0-based index into the reading PDF
    x_pt: float  # lower-left corner of the placed page on the sheet
    y_pt: float
    rotate: int = 0  # degrees counter-clockwise, about the page's own centre


Side = tuple[Slot, ...]
Grid = tuple[int, int]  # (columns, rows)


def pad_for_binding(page_count: int, multiple: int = 4) -> list[int | None]:
    """Reading pages in bound order, padded with blanks to a multiple of `multiple`.

    Blanks go just before the last page, so the back cover stays on the outside.
    """
    blanks = [None] * (-page_count % multiple)
    pages: list[int | None] = list(range(page_count))
    if page_count < 2:
        return pages + blanks
    return pages[:-1] + blanks + pages[-1:]


def saddle_stitch(page_count: int) -> list[tuple[int, int]]:
    """Sides of a saddle-stitched booklet as (left, right) 1-based page numbers.

    Sheet k (0-based) front = [N-2k, 2k+1], back = [2k+2, N-2k-1]; the list holds the
    front then the back of each sheet, ready for duplex printing flipped on the short edge.
    """
    if page_count % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {page_count}")
    n = page_count
    sides = []
    for k in range(n // 4):
        sides.append((n - 2 * k, 2 * k + 1))
        sides.append((2 * k + 2, n - 2 * k - 1))
    return sides


def _check_fit(width: float, height: float, sheet: Size, what: str) -> None:
    if width > sheet[0] + 0.5 or height > sheet[1] + 0.5:
        raise ValueError(
            f"{what} ({width:.0f} x {height:.0f} pt) do not fit on a "
            f"{sheet[0]:.0f} x {sheet[1]:.0f} pt sheet"
        )


def impose_saddle_stitch(pages: list[Size], sheet: Size, grid: Grid = (2, 1)) -> list[Side]:
    """Two pages side by side on each sheet side, centred on the sheet."""
    width, height = pages[0]
    _check_fit(2 * width, height, sheet, "two pages side by side")
    order = pad_for_binding(len(pages))
    x0 = (sheet[0] - 2 * width) / 2
    y0 = (sheet[1] - height) / 2
    return [
        (Slot(order[left - 1], x0, y0), Slot(order[right - 1], x0 + width, y0))
        for left, right in saddle_stitch(len(order))
    ]


# Trifold sides, left to right on the sheet (1-based panels): outside, then inside.
TRIFOLD_SIDES = ((5, 6, 1), (2, 3, 4))


def impose_trifold(pages: list[Size], sheet: Size, grid: Grid = (3, 1)) -> list[Side]:
    """Six panels: outside = [5 inside flap, 6 back, 1 cover], inside = [2, 3, 4].

    Panels keep their own widths (the fold-in panel is narrower), placed edge to edge and
    centred. Flipped on the short edge, panel 4 backs panel 5 and panel 2 backs the cover.
    """
    if len(pages) != 6:
        raise ValueError(f"a trifold has 6 panels, not {len(pages)}")
    sides = []
    for panels in TRIFOLD_SIDES:
        widths = [pages[p - 1][0] for p in panels]
        height = max(pages[p - 1][1] for p in panels)
        _check_fit(sum(widths), height, sheet, "three panels side by side")
        x = (sheet[0] - sum(widths)) / 2
        slots = []
        for panel, width in zip(panels, widths, strict=True):
            slots.append(Slot(panel - 1, x, (sheet[1] - pages[panel - 1][1]) / 2))
            x += width
        sides.append(tuple(slots))
    return sides


def _grid_origin(cell: Size, grid: Grid, sheet: Size) -> tuple[float, float]:
    columns, rows = grid
    _check_fit(columns * cell[0], rows * cell[1], sheet, f"a {columns} x {rows} grid of pages")
    return (sheet[0] - columns * cell[0]) / 2, (sheet[1] - rows * cell[1]) / 2


def impose_nup_mirrored_back(pages: list[Size], sheet: Size, grid: Grid = (2, 5)) -> list[Side]:
    """Cards: the front repeated over a grid, then the back with columns mirrored.

    On a long-edge duplex flip the sheet turns left to right, so the card in column c
    of the front has its back in column (columns - 1 - c) of the back sheet.
    """
    columns, rows = grid
    x0, y0 = _grid_origin(pages[0], grid, sheet)
    width, height = pages[0]
    sides = []
    for face in range(len(pages)):
        slots = []
        for row in range(rows):
            for column in range(columns):
                placed = column if face % 2 == 0 else columns - 1 - column
                slots.append(Slot(face, x0 + placed * width, y0 + row * height))
        sides.append(tuple(slots))
    return sides


# The one-cut 8-page zine, 1-based pages by sheet cell, left to right: the bottom row
# holds 6, 7, back cover, front cover; the top row, upside down, holds 5, 4, 3, 2.
ZINE_BOTTOM_ROW = (6, 7, 8, 1)
ZINE_TOP_ROW = (5, 4, 3, 2)


def impose_zine(pages: list[Size], sheet: Size, grid: Grid = (4, 2)) -> list[Side]:
    """Eight pages on one side of a sheet, folded and cut once into a booklet."""
    if len(pages) != 8:
        raise ValueError(f"a mini-zine has 8 pages, not {len(pages)}")
    width, height = pages[0]
    x0, y0 = _grid_origin(pages[0], (4, 2), sheet)
    slots = [Slot(p - 1, x0 + i * width, y0) for i, p in enumerate(ZINE_BOTTOM_ROW)]
    slots += [Slot(p - 1, x0 + i * width, y0 + height, 180) for i, p in enumerate(ZINE_TOP_ROW)]
    return [tuple(slots)]


Imposition = Callable[[list[Size], Size, Grid], list[Side]]

# The edge each imposition's sides are planned to turn on in duplex printing; None: it
# prints on one side. A layout's [print] flip must agree, or its backs land upside down.
FLIP_EDGE: dict[str, str | None] = {
    "saddle-stitch": "short",  # landscape sheet: the back's pages stay the right way up
    "trifold": "short",  # likewise: panel 2 backs the cover, panel 4 the flap
    "nup-mirrored-back": "long",  # portrait sheet turned left to right: columns mirrored
    "zine": None,
}

IMPOSITIONS: dict[str, Imposition] = {
    "saddle-stitch": impose_saddle_stitch,
    "trifold": impose_trifold,
    "nup-mirrored-back": impose_nup_mirrored_back,
    "zine": impose_zine,
}


def crop_marks(
    side: Side, pages: list[Size], sheet: Size, gap: float, length: float, safe: float
) -> list[tuple[float, ...]]:
    """Short cut lines outside the placed pages, one at each cut: (x1, y1, x2, y2).

    A mark starts `gap` away from the pages and runs outward up to `length`, but stops
    `safe` short of the sheet edge, where home printers cannot print.
    """
    placed = [s for s in side if s.page is not None]
    xs = {s.x_pt for s in placed} | {s.x_pt + pages[s.page][0] for s in placed}
    ys = {s.y_pt for s in placed} | {s.y_pt + pages[s.page][1] for s in placed}
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    room = {  # how long a mark can be on each side
        "bottom": min(length, bottom - gap - safe),
        "top": min(length, sheet[1] - top - gap - safe),
        "left": min(length, left - gap - safe),
        "right": min(length, sheet[0] - right - gap - safe),
    }
    lines = []
    for x in sorted(xs):
        lines.append((x, bottom - gap, x, bottom - gap - room["bottom"]))
        lines.append((x, top + gap, x, top + gap + room["top"]))
    for y in sorted(ys):
        lines.append((left - gap, y, left - gap - room["left"], y))
        lines.append((right + gap, y, right + gap + room["right"], y))
    return [
        line for line in lines if abs(line[2] - line[0]) + abs(line[3] - line[1]) >= MIN_MARK_PT
    ]


@dataclass(frozen=True, slots=True)
class Imposed:
    pdf: bytes
    sides: int  # sheet sides (pages of the print PDF)
    blanks: int  # empty slots, e.g. pages added to fill the last booklet sheet


def impose_pdf(
    reading_pdf: bytes,
    imposition: str,
    sheet: Size,
    grid: Grid = (1, 1),
    marks: bool = False,
) -> Imposed:
    """Place the reading PDF's pages on sheets, as the named imposition plans them.

    Each reading page becomes one form XObject that sheets draw where the plan says, so a
    page is stored once however often it is placed, and no content stream is re-parsed.
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(reading_pdf))
    pages = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    sides = IMPOSITIONS[imposition](pages, sheet, grid)

    writer = PdfWriter()
    forms: dict[int, object] = {}
    for side in sides:
        sheet_page = writer.add_blank_page(width=sheet[0], height=sheet[1])
        drawn = [slot for slot in side if slot.page is not None]
        for slot in drawn:
            if slot.page not in forms:
                forms[slot.page] = _form_xobject(writer, reader.pages[slot.page])
        lines = (
            crop_marks(side, pages, sheet, MARK_GAP_PT, MARK_LENGTH_PT, MARK_SAFE_PT)
            if marks
            else []
        )
        _draw_forms(writer, sheet_page, [(slot, forms[slot.page]) for slot in drawn], pages, lines)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    out = BytesIO()
    writer.write(out)
    blanks = sum(slot.page is None for side in sides for slot in side)
    return Imposed(out.getvalue(), len(sides), blanks)


def slot_matrix(slot: Slot, page: Size) -> tuple[float, ...]:
    """The PDF matrix (a b c d e f) that puts a page into its slot, rotated about its centre."""
    from pypdf import Transformation

    transform = Transformation()
    if slot.rotate:
        transform = (
            transform.translate(-page[0] / 2, -page[1] / 2)
            .rotate(slot.rotate)
            .translate(page[0] / 2, page[1] / 2)
        )
    return transform.translate(slot.x_pt, slot.y_pt).ctm


def _form_xobject(writer, source_page):
    """A reading page as a form XObject in the writer (its resources cloned across)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    contents = source_page.get_contents()
    form = DecodedStreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    resources = source_page.get("/Resources")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in source_page.mediabox),
            NameObject("/Resources"): (
                resources.get_object().clone(writer)
                if resources is not None
                else DictionaryObject()
            ),
        }
    )
    return writer._add_object(form.flate_encode())


def _draw_forms(writer, sheet_page, placed, pages: list[Size], lines) -> None:
    """Give the sheet a content stream drawing each (slot, form) in place, and cut lines."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    names = DictionaryObject()
    operators = []
    for index, (slot, form) in enumerate(placed):
        name = NameObject(f"/P{index}")
        names[name] = form
        matrix = " ".join(f"{v:.4f}" for v in slot_matrix(slot, pages[slot.page]))
        operators.append(f"q {matrix} cm {name} Do Q")
    if lines:
        # hairline registration black, so the marks print on every separation
        operators.append(f"q {MARK_WIDTH_PT} w 1 1 1 1 K")
        operators += [f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S" for x1, y1, x2, y2 in lines]
        operators.append("Q")
    sheet_page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
    stream = DecodedStreamObject()
    stream.set_data("\n".join(operators).encode("ascii"))
    sheet_page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
