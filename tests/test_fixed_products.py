"""Trifold, wallet card and mini-zine: real PDFs, read back slot by slot."""

from __future__ import annotations

import re

import pytest
from pdfcheck import embedded_fonts, placements, region_text, runs, text_edge_distances
from pypdf import PdfReader

from zinegen.geometry import PT_PER_MM

MM = PT_PER_MM
PAPERS = ("letter", "a4")


def reading(fixed_products, product, paper="letter") -> PdfReader:
    return PdfReader(fixed_products[product, paper].target.reading_pdf)


def printed(fixed_products, product, paper="letter"):
    path = fixed_products[product, paper].target.print_pdf
    return path, PdfReader(path)


def first_words(page, count=2) -> str:
    """The start of a reading page's text, to recognise it on a sheet."""
    return " ".join(" ".join(r.text for r in runs(page)).split()[:count])


PAGE_SIZES_MM = {
    ("trifold", "letter"): [(93.8, 215.9)] * 3 + [(91.8, 215.9)] * 2 + [(93.8, 215.9)],
    ("trifold", "a4"): [(99.666, 210)] * 3 + [(97.666, 210)] * 2 + [(99.666, 210)],
    ("card", "letter"): [(3.5 * 25.4, 2 * 25.4)] * 2,
    ("card", "a4"): [(85, 55)] * 2,
    ("zine", "letter"): [(2.75 * 25.4, 4.25 * 25.4)] * 8,
    ("zine", "a4"): [(74.25, 105)] * 8,
}
SHEETS_MM = {
    ("trifold", "letter"): (279.4, 215.9, 2),
    ("trifold", "a4"): (297, 210, 2),
    ("card", "letter"): (215.9, 279.4, 2),
    ("card", "a4"): (210, 297, 2),
    ("zine", "letter"): (279.4, 215.9, 1),
    ("zine", "a4"): (297, 210, 1),
}


@pytest.mark.parametrize(("product", "paper"), sorted(PAGE_SIZES_MM))
def test_reading_pages_and_sheets_have_the_contract_sizes(fixed_products, product, paper):
    pages = reading(fixed_products, product, paper).pages
    sizes = [(float(p.mediabox.width) / MM, float(p.mediabox.height) / MM) for p in pages]
    assert sizes == [pytest.approx(s, abs=0.05) for s in PAGE_SIZES_MM[product, paper]]
    width, height, sides = SHEETS_MM[product, paper]
    _, sheets = printed(fixed_products, product, paper)
    assert len(sheets.pages) == sides
    for sheet in sheets.pages:
        assert float(sheet.mediabox.width) / MM == pytest.approx(width, abs=0.05)
        assert float(sheet.mediabox.height) / MM == pytest.approx(height, abs=0.05)


@pytest.mark.parametrize("paper", PAPERS)
def test_trifold_panels_land_as_the_contract_says(fixed_products, paper):
    pages = reading(fixed_products, "trifold", paper).pages
    assert first_words(pages[0]) == "Safety tips"
    path, sheets = printed(fixed_products, "trifold", paper)
    height = float(sheets.pages[0].mediabox.height)
    for side, panels in enumerate(((5, 6, 1), (2, 3, 4))):
        x = 0.0
        for panel in panels:
            width = float(pages[panel - 1].mediabox.width)
            found = " ".join(region_text(path, side, x, 0, x + width, height).split())
            assert found.startswith(first_words(pages[panel - 1])), (side, panel, found[:40])
            x += width
    # The fold-in panels are the narrower ones, and they back each other.
    widths = [float(p.mediabox.width) / MM for p in pages]
    assert widths[3] == widths[4] == pytest.approx(widths[0] - 2, abs=0.01)


@pytest.mark.parametrize("paper", PAPERS)
def test_cards_ten_up_backs_mirrored_with_crop_marks(fixed_products, paper):
    pages = reading(fixed_products, "card", paper).pages
    front_words, back_words = first_words(pages[0]), first_words(pages[1])
    path, sheets = printed(fixed_products, "card", paper)
    card_w, card_h = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    sheet_w = float(sheets.pages[0].mediabox.width)
    for side, words in ((0, front_words), (1, back_words)):
        drawn = placements(sheets.pages[side])
        assert len(drawn) == 10
        cells = sorted((m[4], m[5]) for _, m in drawn)
        for x, y in cells:
            text = " ".join(region_text(path, side, x, y, x + card_w, y + card_h).split())
            assert text.startswith(words)
        if side == 0:
            front_cells = cells
    # Mirrored left-right, the back sheet's cells are exactly the front's.
    back_cells = sorted((sheet_w - x - card_w, y) for x, y in cells)
    flat = [v for cell in back_cells for v in cell]
    assert flat == pytest.approx([v for cell in front_cells for v in cell], abs=0.01)
    # Crop marks: a short line at every cut, 3 per row edge and 6 per column edge, each side.
    for sheet in sheets.pages:
        stream = sheet.get_contents().get_data().decode()
        assert stream.count(" l S") == 2 * 3 + 2 * 6
        height = float(sheet.mediabox.height)
        for mark in re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", stream):
            x1, y1, x2, y2 = map(float, mark)
            assert min(x1, x2) >= 6 * MM - 0.01 and max(x1, x2) <= sheet_w - 6 * MM + 0.01
            assert min(y1, y2) >= 6 * MM - 0.01 and max(y1, y2) <= height - 6 * MM + 0.01


@pytest.mark.parametrize("paper", PAPERS)
def test_zine_is_imposed_for_the_one_cut_fold(fixed_products, paper):
    pages = reading(fixed_products, "zine", paper).pages
    path, sheets = printed(fixed_products, "zine", paper)
    (sheet,) = sheets.pages
    page_w, page_h = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    drawn = placements(sheet)
    assert len(drawn) == 8
    bottom = sorted((m for _, m in drawn if m[0] == 1), key=lambda m: m[4])
    top = sorted((m for _, m in drawn if m[0] == -1), key=lambda m: m[4])
    assert len(bottom) == len(top) == 4
    assert all(m[3] == -1 for m in top)  # rotated 180 degrees
    for order, y in (((6, 7, 8, 1), 0.0), ((5, 4, 3, 2), page_h)):
        for column, page in enumerate(order):
            x = column * page_w
            text = " ".join(region_text(path, 0, x, y, x + page_w, y + page_h).split())
            words = first_words(pages[page - 1], 1)
            assert words in text, (page, text[:40])


@pytest.mark.parametrize(("product", "paper"), sorted(SHEETS_MM))
def test_text_stays_six_mm_from_every_sheet_edge(fixed_products, product, paper):
    path, sheets = printed(fixed_products, product, paper)
    for index in range(len(sheets.pages)):
        distances = text_edge_distances(path, index)
        assert distances is not None
        assert min(distances) >= 6 * MM, [round(d / MM, 1) for d in distances]


@pytest.mark.parametrize(("product", "minimum"), [("trifold", 8.5), ("card", 7), ("zine", 8.5)])
def test_no_text_below_the_layout_minimum(fixed_products, product, minimum):
    for paper in PAPERS:
        sizes = [
            r.size for page in reading(fixed_products, product, paper).pages for r in runs(page)
        ]
        assert min(sizes) >= minimum - 0.01


@pytest.mark.parametrize("product", ["trifold", "card", "zine"])
def test_fixed_products_embed_only_the_bundled_font(fixed_products, product):
    for paper in PAPERS:
        for reader in (
            reading(fixed_products, product, paper),
            printed(fixed_products, product, paper)[1],
        ):
            fonts = embedded_fonts(reader)
            assert all(f.startswith("zinegen-Atkinson-Hyperlegible") for f in fonts), fonts
        assert fixed_products[product, paper].warnings == ()


BODY_RANGES = {"trifold": (10, 12), "card": (8.5, 10), "zine": (10.5, 12.5)}


def chosen_size(result) -> float:
    return float(re.search(r"body text ([\d.]+) pt", result.fit_line).group(1))


@pytest.mark.parametrize("product", sorted(BODY_RANGES))
@pytest.mark.parametrize("paper", PAPERS)
def test_body_text_is_the_largest_size_that_fits(fixed_products, product, paper):
    result = fixed_products[product, paper]
    smallest, largest = BODY_RANGES[product]
    size = chosen_size(result)
    assert smallest <= size <= largest
    # The size said is the size printed: the commonest text size on the reading pages.
    sizes = [
        round(r.size, 2)
        for page in reading(fixed_products, product, paper).pages
        for r in runs(page)
        for _ in r.text.split()
    ]
    assert max(set(sizes), key=sizes.count) == pytest.approx(size, abs=0.01)
    # Below the top of the range, the fullest box is nearly full: a quarter point more
    # would not fit.
    fullest = int(re.search(r"(\d+)%$", result.fit_line).group(1))
    assert size == largest or fullest >= 80, result.fit_line
    assert fullest <= 100


def test_the_size_search_finds_the_largest_that_fits():
    from zinegen.pipeline import fill_boxes

    tried = []

    def fills_at(size):  # text grows with its size; at 11.3 pt the fuller box is just full
        tried.append(size)
        return {1: size / 11.3, 2: size / 20}

    assert fill_boxes((10, 12), fills_at) == (11.25, {1: 11.25 / 11.3, 2: 11.25 / 20})
    assert len(tried) <= 5  # a binary search, not all nine sizes
    assert fill_boxes((10, 12), lambda size: {1: 0.5})[0] == 12  # room to spare: the top
    assert fill_boxes((10, 12), lambda size: {1: 1.5})[0] == 10  # none fits: the smallest


@pytest.mark.parametrize("product", ["trifold"])
def test_a_section_title_is_two_points_above_its_sub_headings(fixed_products, product):
    from zinegen.kit import builtin_dir, load_kit

    kit = load_kit(builtin_dir())
    pages = reading(fixed_products, product).pages
    compared = 0
    for number, ids in enumerate(kit.products[product].panels, start=1):
        page_runs = runs(pages[number - 1])
        for section_id in ids:
            section = kit.section(section_id, "en")
            subs = re.findall(r"^#{2,3} (.+)$", section.text, re.MULTILINE)
            titles = [r.size for r in page_runs if r.text == section.title]
            for sub in subs:
                sub_sizes = [r.size for r in page_runs if r.text == sub.strip()]
                if titles and sub_sizes:
                    assert titles[0] >= max(sub_sizes) + 2, (section_id, sub)
                    compared += 1
    assert compared >= 2


@pytest.mark.parametrize(("layout", "boxes"), [("card", 2), ("zine", 8)])
def test_titles_stand_above_sub_headings_on_every_fixed_layout(make_kit, tmp_path, layout, boxes):
    from conftest import HELLO_SECTION

    from zinegen.pipeline import BuildRequest, build

    panels = [[], ["hello"]] + [[] for _ in range(boxes - 2)]  # box 1 may be a cover
    panels = str(panels).replace("'", '"')
    kit = make_kit(
        {
            "zine.toml": f"""\
                languages = ["en"]
                [organization]
                name = "Test Outreach"
                [products.{layout}]
                layout = "{layout}"
                title = "Test"
                panels = {panels}
                """,
            "content/en/hello.md": HELLO_SECTION + "\n## Carry this\n\nWater.\n",
        }
    )
    (result,) = build(BuildRequest(kit_dir=kit, products=(layout,), out=tmp_path / "out"))
    page_runs = runs(PdfReader(result.target.reading_pdf).pages[1])
    title = next(r.size for r in page_runs if r.text == "Hello")
    sub = next(r.size for r in page_runs if r.text == "Carry this")
    body = next(r.size for r in page_runs if r.text == "Water.")
    assert title >= sub + 2
    assert sub > body
