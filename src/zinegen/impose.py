"""Imposition: reading pages placed on printer sheets. Pure geometry over PDF pages."""

from __future__ import annotations

import hashlib
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


def pages_per_sheet(imposition: str) -> int:
    """Reading pages one sheet carries, both sides, where a product must fill whole sheets
    (a booklet's folded sheets); 1 where any count will do."""
    return 4 if imposition == "saddle-stitch" else 1


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


def impose_sheet(pages: list[Size], sheet: Size, grid: Grid = (1, 1)) -> list[Side]:
    """A page a sheet side, centred: a sheet printed on one side, or on both (front and
    back, turned on the long edge of a portrait sheet)."""
    sides = []
    for index, (width, height) in enumerate(pages):
        _check_fit(width, height, sheet, "a page")
        sides.append((Slot(index, (sheet[0] - width) / 2, (sheet[1] - height) / 2),))
    return sides


Imposition = Callable[[list[Size], Size, Grid], list[Side]]

# The edge each imposition's sides are planned to turn on in duplex printing; None: it
# prints on one side. A layout's [print] flip must agree, or its backs land upside down.
FLIP_EDGE: dict[str, str | None] = {
    "saddle-stitch": "short",  # landscape sheet: the back's pages stay the right way up
    "trifold": "short",  # likewise: panel 2 backs the cover, panel 4 the flap
    "nup-mirrored-back": "long",  # portrait sheet turned left to right: columns mirrored
    "zine": None,
    "sheet": "long",  # portrait: the back reads the right way up turned like a book's page
}
# Impositions printed on one side or on both, as the layout's [print] sides says: a sheet
# of reports (both sides) or a one-page form (one side).
EITHER_SIDES = frozenset({"sheet"})

IMPOSITIONS: dict[str, Imposition] = {
    "saddle-stitch": impose_saddle_stitch,
    "trifold": impose_trifold,
    "nup-mirrored-back": impose_nup_mirrored_back,
    "zine": impose_zine,
    "sheet": impose_sheet,
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


@dataclass(frozen=True, slots=True)
class Finish:
    """How a print PDF is finished for whoever prints it."""

    bleed_pt: float = 0.0  # pages run this far past the sheet's trim, to be cut off
    marks: bool = False  # crop marks at the sheet's corners, outside the trim
    guides: bool = False  # light ticks at the sheet edge where it is folded or cut


# Sheets folded after printing: they get fold guides.
FOLDED = ("saddle-stitch", "trifold", "zine")
PRINT_MARK_GAP_PT = 3 * 72 / 25.4  # printer's marks start at least 3 mm from the trim
GUIDE_LENGTH_PT = 3 * 72 / 25.4  # fold ticks reach 3 mm in from the sheet edge
GUIDE_GREY = 0.55  # light, neutral: guides, not part of the design


def impose_pdf(
    reading_pdf: bytes,
    imposition: str,
    sheet: Size,
    grid: Grid = (1, 1),
    marks: bool = False,
    finish: Finish = Finish(),
) -> Imposed:
    """Place the reading PDF's pages on sheets, as the named imposition plans them.

    Each reading page becomes one form XObject that sheets draw where the plan says, so a
    page is stored once however often it is placed, and no content stream is re-parsed.
    Pages are placed by their trim box; with a bleed, a page's colour runs past the
    sheet's trim only on the sides that lie on the sheet's edge (elsewhere its neighbour
    begins), and the sheet gets a TrimBox and a BleedBox for the print shop.
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(reading_pdf))
    trims = [page.trimbox for page in reader.pages]
    pages = [(float(t.width), float(t.height)) for t in trims]
    offsets = [(float(t.left), float(t.bottom)) for t in trims]  # the bleed inside each page
    sides = IMPOSITIONS[imposition](pages, sheet, grid)

    bleed = finish.bleed_pt
    slug = bleed
    if finish.marks:
        slug = max(bleed, PRINT_MARK_GAP_PT) + MARK_LENGTH_PT + MARK_WIDTH_PT
    writer = PdfWriter()
    forms: dict[int, object] = {}
    for side in sides:
        sheet_page = writer.add_blank_page(width=sheet[0] + 2 * slug, height=sheet[1] + 2 * slug)
        if slug:
            _set_boxes(sheet_page, slug, sheet, bleed)
        drawn = [slot for slot in side if slot.page is not None]
        for slot in drawn:
            if slot.page not in forms:
                forms[slot.page] = _form_xobject(writer, reader.pages[slot.page])
        lines = (
            crop_marks(side, pages, sheet, MARK_GAP_PT, MARK_LENGTH_PT, MARK_SAFE_PT)
            if marks
            else []
        )
        placed = [
            (slot, forms[slot.page], _clip(slot, pages[slot.page], sheet, bleed)) for slot in drawn
        ]
        if finish.marks:
            lines += _corner_marks(sheet, max(bleed, PRINT_MARK_GAP_PT))
        guides = _guides(side, pages, sheet) if finish.guides else []
        _draw_forms(writer, sheet_page, placed, pages, offsets, lines, guides, slug)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    blanks = sum(slot.page is None for side in sides for slot in side)
    return Imposed(_write(writer, reader.pdf_header), len(sides), blanks)


def _write(writer, reading_header: str) -> bytes:
    """The print PDF's bytes, declaring the PDF version its content needs and with a /ID.

    pypdf would say PDF 1.3, older than the transparency the placed pages draw with: the
    header says the reading PDF's version, 1.4 at least. pypdf would leave out /ID (or make
    a random one): it is a digest of the PDF's own bytes, as WeasyPrint makes the reading
    PDF's, so the same reading PDF gives the same print PDF, byte for byte.
    """
    from pypdf.generic import ArrayObject, ByteStringObject

    writer.pdf_header = max(reading_header, "%PDF-1.4")  # "%PDF-1.7" < "%PDF-2.0"
    draft = BytesIO()
    writer.write(draft)  # a few milliseconds, against the second or so of a layout
    digest = ByteStringObject(hashlib.sha256(draft.getvalue()).digest()[:16])
    writer._ID = ArrayObject([digest, digest])  # pypdf has no public setter for it
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _set_boxes(sheet_page, slug: float, sheet: Size, bleed: float) -> None:
    """The sheet's trim (its paper size) and bleed, inside a larger media box."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    def box(grow: float) -> ArrayObject:
        return ArrayObject(
            FloatObject(round(v, 4))
            for v in (slug - grow, slug - grow, slug + sheet[0] + grow, slug + sheet[1] + grow)
        )

    sheet_page[NameObject("/TrimBox")] = box(0)
    sheet_page[NameObject("/BleedBox")] = box(bleed)


def _clip(slot: Slot, page: Size, sheet: Size, bleed: float) -> tuple[float, ...]:
    """The part of the sheet a page may paint: its slot, grown by the bleed on each side
    that lies on the sheet's edge. (x0, y0, x1, y1) in sheet coordinates."""
    x0, y0 = slot.x_pt, slot.y_pt
    x1, y1 = x0 + page[0], y0 + page[1]
    near = 0.01
    return (
        x0 - bleed if x0 <= near else x0,
        y0 - bleed if y0 <= near else y0,
        x1 + bleed if x1 >= sheet[0] - near else x1,
        y1 + bleed if y1 >= sheet[1] - near else y1,
    )


def _guides(side: Side, pages: list[Size], sheet: Size) -> list[tuple[float, ...]]:
    """Short ticks in from the sheet's edges where pages meet: the folds (and the zine's
    cut), so a sheet is folded true by hand. (x1, y1, x2, y2) in sheet coordinates."""
    near = 0.5
    xs, ys = set(), set()
    for slot in side:
        if slot.page is None:
            continue
        width, height = pages[slot.page]
        xs |= {round(slot.x_pt, 2), round(slot.x_pt + width, 2)}
        ys |= {round(slot.y_pt, 2), round(slot.y_pt + height, 2)}
    folds_x = [x for x in sorted(xs) if near < x < sheet[0] - near]
    folds_y = [y for y in sorted(ys) if near < y < sheet[1] - near]
    ticks = []
    for x in folds_x:
        ticks += [(x, 0, x, GUIDE_LENGTH_PT), (x, sheet[1], x, sheet[1] - GUIDE_LENGTH_PT)]
    for y in folds_y:
        ticks += [(0, y, GUIDE_LENGTH_PT, y), (sheet[0], y, sheet[0] - GUIDE_LENGTH_PT, y)]
    return ticks


def _corner_marks(sheet: Size, gap: float) -> list[tuple[float, ...]]:
    """Crop marks at the sheet's four corners, outside its trim."""
    marks = []
    for x, dx in ((0, -1), (sheet[0], 1)):
        for y, dy in ((0, -1), (sheet[1], 1)):
            marks.append((x + dx * gap, y, x + dx * (gap + MARK_LENGTH_PT), y))
            marks.append((x, y + dy * gap, x, y + dy * (gap + MARK_LENGTH_PT)))
    return marks


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


def _draw_forms(
    writer,
    sheet_page,
    placed,
    pages: list[Size],
    offsets: list[tuple[float, float]],
    lines,
    guides=(),
    slug: float = 0.0,
) -> None:
    """Give the sheet a content stream drawing each (slot, form, clip) in place, the cut
    lines, and the fold guides, all shifted by the slug around a sheet with a bleed."""
    from pypdf import Transformation
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    names = DictionaryObject()
    operators = [f"q 1 0 0 1 {slug:.4f} {slug:.4f} cm"] if slug else []
    for index, (slot, form, clip) in enumerate(placed):
        name = NameObject(f"/P{index}")
        names[name] = form
        dx, dy = offsets[slot.page]
        inner = (
            Transformation()
            .translate(-dx, -dy)
            .transform(Transformation(slot_matrix(slot, pages[slot.page])))
        )
        matrix = " ".join(f"{v:.4f}" for v in inner.ctm)
        x0, y0, x1, y1 = clip
        operators.append(
            f"q {x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f} re W n {matrix} cm {name} Do Q"
        )
    if lines:
        # hairline registration black, so the marks print on every separation
        operators.append(f"q {MARK_WIDTH_PT} w 1 1 1 1 K")
        operators += [f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S" for x1, y1, x2, y2 in lines]
        operators.append("Q")
    if guides:
        operators.append(f"q {MARK_WIDTH_PT} w {GUIDE_GREY} G")
        operators += [f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S" for x1, y1, x2, y2 in guides]
        operators.append("Q")
    if slug:
        operators.append("Q")
    sheet_page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
    stream = DecodedStreamObject()
    stream.set_data("\n".join(operators).encode("ascii"))
    sheet_page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
