"""Print-shop finishing: bleed, trim and bleed boxes, crop marks, fold guides, and colour
kept clear of the sheet edge for office printers. Real builds, read back and rasterized."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from conftest import run
from pypdf import PdfReader

from zinegen.geometry import PT_PER_MM
from zinegen.theme import DEFAULTS

BLEED_PT = 3 * PT_PER_MM
DPI = 50


def box(page, name: str) -> list[float]:
    return [float(v) for v in getattr(page, name)]


def pixels(path, index: int):
    """A sheet side as an RGB image, DPI dots per inch."""
    return pdfium.PdfDocument(str(path))[index].render(scale=DPI / 72).to_pil().convert("RGB")


def coloured(rgb) -> bool:
    """Not white, grey or black: ink of a hue (crop marks and guides are neutral)."""
    return max(rgb) - min(rgb) > 8  # the palest tint, the theme's soft, differs by 11


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """The built-in trifold, zine, card and booklet, as office and as print-shop files."""
    out = tmp_path_factory.mktemp("finish")
    for extra in ([], ["--bleed", "3", "--marks"]):
        result = run("build", "--out", out, *extra)
        assert result.exit_code == 0, result.output
    return out / "en"


@pytest.mark.parametrize("product", ["trifold", "zine", "card", "booklet"])
def test_office_sheets_keep_colour_five_mm_from_the_edge(finished, product):
    band = round(5 * PT_PER_MM * DPI / 72)
    reader = PdfReader(finished / f"{product}-print.pdf")
    for index in range(len(reader.pages)):
        image = pixels(finished / f"{product}-print.pdf", index)
        width, height = image.size
        near = [
            (x, y)
            for y in range(height)
            for x in (*range(band), *range(width - band, width))
            if coloured(image.getpixel((x, y)))
        ] + [
            (x, y)
            for x in range(width)
            for y in (*range(band), *range(height - band, height))
            if coloured(image.getpixel((x, y)))
        ]
        assert near == [], f"{product} side {index + 1}: colour at {near[:3]}"


@pytest.mark.parametrize("product", ["trifold", "zine"])
def test_bleed_sets_trim_and_bleed_boxes_on_both_pdfs(finished, product):
    reading = PdfReader(finished / f"{product}-bleed3mm-marks.pdf")
    office = PdfReader(finished / f"{product}.pdf")
    for page, plain in zip(reading.pages, office.pages, strict=True):
        trim, bleed = box(page, "trimbox"), box(page, "bleedbox")
        width, height = float(plain.mediabox.width), float(plain.mediabox.height)
        assert trim[2] - trim[0] == pytest.approx(width, abs=0.1)
        assert trim[3] - trim[1] == pytest.approx(height, abs=0.1)
        assert bleed == pytest.approx(
            [trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT, trim[3] + BLEED_PT],
            abs=0.1,
        )
        assert box(page, "mediabox") == pytest.approx(bleed, abs=0.1)
    sheets = PdfReader(finished / f"{product}-bleed3mm-marks-print.pdf")
    plain = PdfReader(finished / f"{product}-print.pdf").pages[0]
    for sheet in sheets.pages:
        trim, bleed = box(sheet, "trimbox"), box(sheet, "bleedbox")
        assert trim[2] - trim[0] == pytest.approx(float(plain.mediabox.width), abs=0.1)
        assert trim[3] - trim[1] == pytest.approx(float(plain.mediabox.height), abs=0.1)
        assert bleed == pytest.approx(
            [trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT, trim[3] + BLEED_PT],
            abs=0.1,
        )
        media = box(sheet, "mediabox")
        assert media[0] < bleed[0] and media[2] > bleed[2]  # room for the crop marks


def test_the_cover_colour_reaches_the_bleed_edge(finished):
    """The trifold's cover is the right-hand panel of the outside: its colour runs to the
    bleed on the right, top and bottom, and stops at the fold on its left."""
    path = finished / "trifold-bleed3mm-marks-print.pdf"
    sheet = PdfReader(path).pages[0]
    trim, bleed = box(sheet, "trimbox"), box(sheet, "bleedbox")
    image = pixels(path, 0)
    scale = DPI / 72
    height = image.size[1]
    accent = tuple(int(DEFAULTS["accent"][i : i + 2], 16) for i in (1, 3, 5))

    def at(x_pt, y_pt):
        return image.getpixel((int(x_pt * scale), int(height - y_pt * scale)))

    middle = (trim[1] + trim[3]) / 2
    inside_bleed = at(bleed[2] - 1.5, middle)  # between the trim and the bleed edge
    assert max(abs(a - b) for a, b in zip(inside_bleed, accent, strict=True)) < 30
    assert not coloured(at(bleed[2] + 3, middle))  # beyond the bleed: nothing
    assert coloured(at(trim[2] - 30, bleed[3] - 1.5))  # top bleed, over the cover


@pytest.mark.parametrize(("product", "folds"), [("trifold", 2), ("zine", 3 + 1)])
def test_folded_sheets_carry_light_fold_guides(finished, product, folds):
    sheet = PdfReader(finished / f"{product}-print.pdf").pages[0]
    stream = sheet.get_contents().get_data().decode()
    guides = stream.split(" G\n", 1)[1].split("Q", 1)[0]
    assert guides.count(" l S") == 2 * folds  # a tick at each end of each fold
    assert stream.count("1 1 1 1 K") == 0  # no crop marks on an office sheet


def test_marks_are_outside_the_trim(finished):
    sheet = PdfReader(finished / "zine-bleed3mm-marks-print.pdf").pages[0]
    stream = sheet.get_contents().get_data().decode()
    marks = stream.split("1 1 1 1 K\n", 1)[1].split("Q", 1)[0].strip().splitlines()
    assert len(marks) == 8  # two at each corner
    trim = box(sheet, "trimbox")
    slug = trim[0]  # the sheet is drawn shifted by the slug
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    for mark in marks:
        x1, y1, _, x2, y2, *_ = mark.split()
        for x, y in ((float(x1), float(y1)), (float(x2), float(y2))):
            outside = x < -0.01 or x > width + 0.01 or y < -0.01 or y > height + 0.01
            assert outside, mark
            assert -slug <= x <= width + slug and -slug <= y <= height + slug
