"""Imposition: reading pages placed on printer sheets. Pure geometry over PDF pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

Size = tuple[float, float]  # (width, height) in points


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one reading page lands on a sheet side; page None leaves the slot blank."""

    page: int | None  # 0-based index into the reading PDF
    x_pt: float  # lower-left corner of the placed page on the sheet
    y_pt: float
    rotate: int = 0  # degrees counter-clockwise, about the page's own centre


Side = tuple[Slot, ...]


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


def impose_saddle_stitch(page_count: int, page: Size, sheet: Size) -> list[Side]:
    """Two pages side by side on each sheet side, centred on the sheet."""
    if 2 * page[0] > sheet[0] + 0.5 or page[1] > sheet[1] + 0.5:
        raise ValueError(
            f"two pages of {page[0]:.0f} x {page[1]:.0f} pt do not fit side by side on a "
            f"{sheet[0]:.0f} x {sheet[1]:.0f} pt sheet"
        )
    order = pad_for_binding(page_count)
    x0 = (sheet[0] - 2 * page[0]) / 2
    y0 = (sheet[1] - page[1]) / 2
    return [
        (Slot(order[left - 1], x0, y0), Slot(order[right - 1], x0 + page[0], y0))
        for left, right in saddle_stitch(len(order))
    ]


Imposition = Callable[[int, Size, Size], list[Side]]

IMPOSITIONS: dict[str, Imposition] = {
    "saddle-stitch": impose_saddle_stitch,
}


@dataclass(frozen=True, slots=True)
class Imposed:
    pdf: bytes
    sides: int  # sheet sides (pages of the print PDF)
    blanks: int  # empty slots, e.g. pages added to fill the last booklet sheet


def impose_pdf(reading_pdf: bytes, imposition: str, sheet: Size) -> Imposed:
    """Place the reading PDF's pages on sheets, as the named imposition plans them.

    Each reading page becomes one form XObject that sheets draw where the plan says, so a
    page is stored once however often it is placed, and no content stream is re-parsed.
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(reading_pdf))
    box = reader.pages[0].mediabox
    page = (float(box.width), float(box.height))
    sides = IMPOSITIONS[imposition](len(reader.pages), page, sheet)

    writer = PdfWriter()
    forms: dict[int, object] = {}
    for side in sides:
        sheet_page = writer.add_blank_page(width=sheet[0], height=sheet[1])
        drawn = [slot for slot in side if slot.page is not None]
        for slot in drawn:
            if slot.page not in forms:
                forms[slot.page] = _form_xobject(writer, reader.pages[slot.page])
        _draw_forms(writer, sheet_page, [(slot, forms[slot.page]) for slot in drawn], page)
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


def _draw_forms(writer, sheet_page, placed, page: Size) -> None:
    """Give the sheet a content stream drawing each (slot, form) in place."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    names = DictionaryObject()
    operators = []
    for index, (slot, form) in enumerate(placed):
        name = NameObject(f"/P{index}")
        names[name] = form
        matrix = " ".join(f"{v:.4f}" for v in slot_matrix(slot, page))
        operators.append(f"q {matrix} cm {name} Do Q")
    sheet_page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
    stream = DecodedStreamObject()
    stream.set_data("\n".join(operators).encode("ascii"))
    sheet_page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
