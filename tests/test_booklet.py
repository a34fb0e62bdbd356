"""The built-in booklet, rendered for real and read back."""

from __future__ import annotations

import re

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML
from pdfcheck import embedded_fonts, folios, region_text, runs
from pypdf import PdfReader

from zinegen.geometry import PT_PER_IN, PT_PER_MM
from zinegen.kit import builtin_dir, load_kit
from zinegen.kit.sections import parse_section
from zinegen.pipeline import BuildRequest, build

FOLIO_BAND_PT = 0.6 * PT_PER_IN  # page numbers sit in the bottom margin

READING_PAGE_PT = {"letter": (5.5 * 72, 8.5 * 72), "a4": (148 * PT_PER_MM, 210 * PT_PER_MM)}
SHEET_PT = {"letter": (11 * 72, 8.5 * 72), "a4": (297 * PT_PER_MM, 210 * PT_PER_MM)}


def lines(page) -> list[str]:
    """Text runs above the folio band joined into lines, top to bottom."""
    by_y: dict[float, list] = {}
    for run in (r for r in runs(page) if r.y > FOLIO_BAND_PT):
        by_y.setdefault(round(run.y), []).append(run)
    return [
        " ".join(r.text for r in sorted(row, key=lambda r: r.x))
        for _, row in sorted(by_y.items(), reverse=True)
    ]


def folio_in(text: str) -> str:
    """The page number among the text of a bottom band (a full back cover reaches into it)."""
    return "".join(word for word in text.split() if word.isdigit() and len(word) <= 3)


def heading_text(page) -> str:
    """The large heading text on a page (section titles are 13 pt and up; sub-headings 12.5 pt)."""
    return " ".join(r.text for r in runs(page) if r.size >= 12.9)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_page_and_sheet_sizes_are_exact(builtin_booklets, paper):
    result = builtin_booklets[paper]
    for path, (width, height) in (
        (result.target.reading_pdf, READING_PAGE_PT[paper]),
        (result.target.print_pdf, SHEET_PT[paper]),
    ):
        reader = PdfReader(path)
        for page in reader.pages:
            assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
            assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)


def test_contents_page_numbers_match_where_sections_start(builtin_booklets):
    reader = PdfReader(builtin_booklets["letter"].target.reading_pdf)
    entries = [re.fullmatch(r"(.+?)[ .]*(\d+)", line) for line in lines(reader.pages[1])[1:]]
    toc = [(m.group(1), int(m.group(2))) for m in entries if m]
    product = load_kit(builtin_dir()).products["booklet"]
    assert len(toc) == len(product.sections)
    starts = []
    for title, number in toc:
        assert title in heading_text(reader.pages[number - 1]), (title, number)
        starts.append(number)
    assert starts == sorted(starts)
    assert starts[-1] < len(reader.pages)  # the back cover comes after the last section


def test_outline_points_at_the_section_pages(builtin_booklets):
    reader = PdfReader(builtin_booklets["letter"].target.reading_pdf)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert top[0].title == "What is harm reduction?"
    for item in top:
        page = reader.get_destination_page_number(item)
        assert item.title in heading_text(reader.pages[page])


def contract_saddle_stitch(n: int) -> list[tuple[int, int]]:
    """DESIGN.md's table, written out independently of zinegen.impose."""
    sides = []
    for k in range(n // 4):
        sides += [(n - 2 * k, 2 * k + 1), (2 * k + 2, n - 2 * k - 1)]
    return sides


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_print_pdf_puts_the_right_page_on_each_half_sheet(builtin_booklets, paper):
    result = builtin_booklets[paper]
    reading = PdfReader(result.target.reading_pdf)
    printed = PdfReader(result.target.print_pdf)
    pages = len(reading.pages)
    padded = pages + (-pages % 4)
    assert len(printed.pages) == padded // 2  # N/4 sheets, two sides each

    # Page numbers printed on each reading page ("" on the covers).
    reading_folio = ["".join(folios(page, FOLIO_BAND_PT)) for page in reading.pages]
    assert reading_folio[2] == "3"
    assert reading_folio[0] == reading_folio[-1] == ""
    # Blanks go before the back cover, so the back cover stays outside.
    bound = list(range(pages - 1)) + [None] * (padded - pages) + [pages - 1]

    width, height = SHEET_PT[paper]
    middle = width / 2
    for side_index, (left, right) in enumerate(contract_saddle_stitch(padded)):
        expected = [
            "" if bound[p - 1] is None else reading_folio[bound[p - 1]] for p in (left, right)
        ]
        found = [
            folio_in(region_text(result.target.print_pdf, side_index, x0, 0, x1, FOLIO_BAND_PT))
            for x0, x1 in ((0, middle), (middle, width))
        ]
        assert found == expected, f"side {side_index + 1} ({left}, {right})"

    # The outer side of the first sheet: back cover left, front cover right.
    path = result.target.print_pdf
    assert region_text(path, 0, 0, 0, middle, height).startswith("Community Harm Reduction Library")
    assert region_text(path, 0, middle, 0, width, height).startswith("Sex Work")
    # Blank halves are blank all over, not just without a page number.
    for side_index, (left, right) in enumerate(contract_saddle_stitch(padded)):
        for half, page in enumerate((left, right)):
            if bound[page - 1] is None:
                x0, x1 = (0, middle) if half == 0 else (middle, width)
                assert region_text(path, side_index, x0, 0, x1, height) == ""


@pytest.mark.parametrize("which", ["reading_pdf", "print_pdf"])
def test_only_the_bundled_font_is_embedded(builtin_booklets, which):
    reader = PdfReader(getattr(builtin_booklets["letter"].target, which))
    fonts = embedded_fonts(reader)
    assert fonts, "no fonts found"
    assert all(name.startswith("zinegen-Atkinson-Hyperlegible") for name in fonts), fonts


def test_no_text_below_nine_points(builtin_booklets):
    reader = PdfReader(builtin_booklets["letter"].target.reading_pdf)
    sizes = [run.size for page in reader.pages for run in runs(page)]
    assert sizes and min(sizes) >= 9 - 0.01


def test_metadata_and_a_clean_render(builtin_booklets):
    result = builtin_booklets["letter"]
    reader = PdfReader(result.target.reading_pdf)
    assert reader.metadata.title == "Sex Work: A Harm Reduction Approach"
    assert reader.metadata.author == "Community Harm Reduction Library"
    assert result.warnings == ()
    assert result.pages == len(reader.pages)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_back_cover_is_one_page_with_contact_and_colophon(builtin_booklets, paper):
    reader = PdfReader(builtin_booklets[paper].target.reading_pdf)
    last = " ".join(lines(reader.pages[-1]))
    kit = load_kit(builtin_dir())
    assert last.startswith("Community Harm Reduction Library")
    assert "Call 555-0100" in last and "Text 555-0101" in last and "example.org" in last
    # The colophon: when the words were last checked, their licence, what kind of advice.
    sections = [
        parse_section(builtin_dir() / "content" / "en" / f"{s}.md", "en")
        for s in kit.products["booklet"].sections
    ]
    oldest = min(s.reviewed for s in sections)
    assert f"Last reviewed {oldest:%B %Y}." in last
    assert "CC BY 4.0" in last
    assert "General information, not medical or legal advice." in last
    assert "Sources" not in last  # a section of its own now, before the back cover


def test_a_heading_never_ends_a_page(make_kit, tmp_path):
    """Sections whose sub-heading falls at every height of the page, down to its foot."""
    sections = {}
    ids = []
    for filler in range(22, 34):
        section_id = f"s{filler}"
        ids.append(section_id)
        body = "\n\n".join(f"Line {n} of the filler." for n in range(filler))
        sections[f"content/en/{section_id}.md"] = (
            f"---\nid: {section_id}\ntitle: Section {filler}\n---\n{body}\n\n"
            f"## Heading {filler}\n\nThe paragraph that belongs to heading {filler}.\n"
        )
    toml = MINIMAL_TOML.replace('sections = ["hello"]', f"sections = {ids!r}".replace("'", '"'))
    kit = make_kit({"zine.toml": toml, **sections})
    (result,) = build(BuildRequest(kit_dir=kit, out=tmp_path / "out"))
    reader = PdfReader(result.target.reading_pdf)
    moved = 0
    for page in reader.pages:
        body = [r for r in runs(page) if FOLIO_BAND_PT < r.y < 560]  # below the running head
        if body:
            assert not body[-1].text.startswith("Heading"), body[-1]
        moved += body[0].text.startswith("Heading") if body else 0
    assert moved, "no heading was carried to the next page: the test lost its edge"


def test_the_cover_shows_the_image(make_kit, tmp_path):
    from test_render import PIXEL

    toml = MINIMAL_TOML.replace(
        'sections = ["hello"]', 'sections = ["hello"]\ncover_image = "art/cover.png"'
    )
    kit = make_kit({"zine.toml": toml, "content/en/hello.md": HELLO_SECTION})
    (kit / "art").mkdir()
    (kit / "art" / "cover.png").write_bytes(PIXEL)
    (result,) = build(BuildRequest(kit_dir=kit, out=tmp_path / "out"))
    cover = PdfReader(result.target.reading_pdf).pages[0]
    assert [image.name for image in cover.images], "no image on the cover"
    text = cover.extract_text()
    assert "Test booklet" in text and "Test Outreach" in text


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_reading_pdf_is_the_printed_pages_notes_included(builtin_booklets, paper):
    """Pages for notes fill the last sheet before the back cover, in the reading PDF too,
    so its contents numbers are the physical pages of the print."""
    result = builtin_booklets[paper]
    reader = PdfReader(result.target.reading_pdf)
    pages = len(reader.pages)
    assert pages % 4 == 0
    assert result.blank_pages == 0  # imposition added nothing: the numbers stand
    notes = [i for i, page in enumerate(reader.pages) if heading_text(page) == "Notes"]
    assert len(notes) == result.notes_pages < 4
    assert notes == list(range(pages - 1 - len(notes), pages - 1))  # just before the back
    assert "Community Harm Reduction Library" in reader.pages[-1].extract_text()


def test_sections_flow_and_a_product_can_open_one_on_a_new_page(make_kit, tmp_path):
    section = HELLO_SECTION.replace("Some words for the test.", "A short one.")
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML.replace(
                'sections = ["hello"]',
                'sections = ["hello", "second", { id = "third", new_page = true }]',
            ),
            "content/en/hello.md": section,
            "content/en/second.md": section.replace("id: hello", "id: second").replace(
                "title: Hello", "title: Second"
            ),
            "content/en/third.md": section.replace("id: hello", "id: third").replace(
                "title: Hello", "title: Third"
            ),
        }
    )
    (result,) = build(BuildRequest(kit_dir=kit, out=tmp_path / "out"))
    reader = PdfReader(result.target.reading_pdf)
    where = {
        title: [i for i, page in enumerate(reader.pages) if title in heading_text(page)]
        for title in ("Hello", "Second", "Third")
    }
    assert where["Hello"] == where["Second"]  # one after the other on a page
    assert where["Third"] == [where["Second"][0] + 1]  # new_page: the next page
    assert result.pages % 4 == 0


def test_a_section_entry_table_is_checked(make_kit, tmp_path):
    from conftest import run

    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML.replace(
                'sections = ["hello"]', 'sections = [{ id = "hello", new_pages = true }]'
            ),
            "content/en/hello.md": HELLO_SECTION,
        }
    )
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "unknown key 'products.booklet.sections[0].new_pages'" in said
    assert "did you mean 'new_page'?" in said
    assert "zine.toml" in said


def page_fill(page) -> float:
    """How far down its text area a page's text reaches: 0 empty, 1 full (running heads
    and folios left out)."""
    height = float(page.mediabox.height)
    top, bottom = height - 0.5 * PT_PER_IN, 0.6 * PT_PER_IN
    body = [r.y for r in runs(page) if bottom < r.y < top - 0.5 * 9]
    return (top - min(body)) / (top - bottom) if body else 0.0


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_built_in_booklet_fits_four_sheets_with_no_near_empty_page(builtin_booklets, paper):
    result = builtin_booklets[paper]
    reader = PdfReader(result.target.reading_pdf)
    assert len(reader.pages) <= 16
    notes = {i for i, page in enumerate(reader.pages) if heading_text(page) == "Notes"}
    fills = {i + 1: round(page_fill(page), 2) for i, page in enumerate(reader.pages)}
    thin = {number: fill for number, fill in fills.items() if fill < 0.25}
    assert set(thin) <= {n + 1 for n in notes}, fills
