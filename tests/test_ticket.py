"""The job ticket beside each print PDF: read back from real builds and checked against the
print PDF it describes."""

from __future__ import annotations

import math
import re

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run
from pypdf import PdfReader

from zinegen.kit import builtin_dir, load_kit
from zinegen.pipeline import BuildRequest, plan
from zinegen.ticket import job_ticket

BOOKLET_TOML = (builtin_dir() / "layouts" / "booklet" / "layout.toml").read_text()
CARD_TOML = (builtin_dir() / "layouts" / "card" / "layout.toml").read_text()

# What the print shop must be told, from DESIGN.md's table of impositions.
EXPECTED = {
    "booklet": ("both sides (duplex), flip on the short edge", "1 a sheet"),
    "trifold": ("both sides (duplex), flip on the short edge", "1 a sheet"),
    "card": ("both sides (duplex), flip on the long edge", "10 a sheet, cut apart"),
    "zine": ("one side only", "1 a sheet"),
}
PAPER_LINES = {
    "letter": "US letter (8.5 x 11 in)",
    "a4": "A4 (210 x 297 mm)",
}


def fields(ticket: str) -> dict[str, str]:
    """The ticket's 'Key: value' lines (a value may run over indented lines)."""
    found: dict[str, str] = {}
    key = None
    for line in ticket.splitlines():
        if match := re.match(r"([A-Z][a-z]+):\s+(.*)", line):
            key = match.group(1)
            found[key] = match.group(2)
        elif key and line.startswith(" " * 9):
            found[key] += " " + line.strip()
        else:
            key = None
    return found


@pytest.fixture(scope="module")
def built(builtin_booklets, fixed_products):
    results = {("booklet", paper): result for paper, result in builtin_booklets.items()}
    return {**results, **fixed_products}


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("product", ["booklet", "trifold", "card", "zine"])
def test_each_print_pdf_has_its_ticket(built, product, paper):
    result = built[product, paper]
    printed = result.target.print_pdf
    ticket_file = printed.with_suffix(".txt")
    suffix = "" if paper == "letter" else "-a4"  # the built-in kit's paper is letter
    assert ticket_file.name == f"{product}{suffix}-print.txt"
    ticket = ticket_file.read_text()
    facts = fields(ticket)
    assert ticket.startswith(f"Job ticket for {printed.name}\n")

    pages = len(PdfReader(printed).pages)
    printing, copies = EXPECTED[product]
    double = printing != "one side only"
    sheets = math.ceil(pages / 2) if double else pages
    assert facts["Sheets"].split()[0] == str(sheets)
    assert f"{printed.name} has {pages} page" in facts["Sheets"]
    assert facts["Print"] == printing
    assert facts["Copies"] == copies
    orientation = "portrait" if product == "card" else "landscape"
    assert facts["Paper"] == f"{PAPER_LINES[paper]}, {orientation}"
    assert facts["Scale"].startswith("100 %") and "actual size" in facts["Scale"]
    assert facts["Trim"] == "none, no bleed"
    # the stock the layout suggests for this paper: pounds on letter, grams on A4
    assert ("lb" in facts["Stock"]) == (paper == "letter")
    assert "gsm" in facts["Stock"]
    steps = re.findall(r"^  (\d)\. ", ticket, re.MULTILINE)
    assert steps == [str(n) for n in range(1, len(steps) + 1)] and len(steps) >= 2


def test_the_booklet_ticket_counts_its_sheets(built):
    """Saddle stitch: four pages a sheet, blanks included."""
    result = built["booklet", "letter"]
    facts = fields(result.target.ticket.read_text())
    assert facts["Sheets"].startswith(f"{(result.pages + result.blank_pages) // 4} per copy")
    assert "Staple twice on the fold" in result.target.ticket.read_text()


def test_the_card_ticket_counts_cards_not_copies(built):
    facts = fields(built["card", "letter"].target.ticket.read_text())
    assert facts["Sheets"].startswith("1 for every 10 copies")
    assert "100 lb cover (270 gsm)" in facts["Stock"]


def test_a_print_shop_build_says_how_to_trim(minimal_kit, tmp_path):
    out = tmp_path / "out"
    assert (
        run("build", "--kit", minimal_kit, "--out", out, "--bleed", "3", "--marks").exit_code == 0
    )
    ticket = (out / "en" / "booklet-bleed3mm-marks-print.txt").read_text()
    assert fields(ticket)["Trim"] == (
        "print on a larger sheet and cut it to US letter at the crop marks; 3 mm bleed on "
        "every side"
    )
    kit = load_kit(minimal_kit)
    (target,) = plan(kit, BuildRequest(kit_dir=minimal_kit, bleed_mm=2))
    assert fields(job_ticket(target, 4))["Trim"] == (
        "print on a larger sheet and cut it to US letter to the PDF's TrimBox; 2 mm bleed on "
        "every side"
    )
    (target,) = plan(kit, BuildRequest(kit_dir=minimal_kit))
    assert fields(job_ticket(target, 4))["Trim"] == "none, no bleed"


def test_the_ticket_is_written_with_the_pair(minimal_kit, tmp_path):
    """Built again after a change, the ticket follows its print PDF; the summary names it."""
    out = tmp_path / "out"
    result = run("build", "--kit", minimal_kit, "--out", out)
    assert result.exit_code == 0, result.output
    assert "how to print it: booklet-print.txt" in result.output
    ticket = out / "en" / "booklet-print.txt"
    assert "Sheets:  1 per copy (booklet-print.pdf has 2 pages" in ticket.read_text()
    section = minimal_kit / "content" / "en" / "hello.md"
    section.write_text(HELLO_SECTION + "\n" + "Many more words for the test.\n\n" * 600)
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 0
    pages = len(PdfReader(out / "en" / "booklet-print.pdf").pages)
    assert pages > 2
    assert f"Sheets:  {pages // 2} per copy (booklet-print.pdf has {pages} pages" in (
        ticket.read_text()
    )


@pytest.mark.parametrize(
    ("toml", "change", "expected"),
    [
        (
            BOOKLET_TOML,
            ('flip = "short"', 'flip = "long"'),
            "'print.flip' is long, but the saddle-stitch imposition lays out its backs for a "
            "flip on the short edge",
        ),
        (
            BOOKLET_TOML,
            ('sides = "double"', 'sides = "single"'),
            "'print.sides' is single, but the saddle-stitch imposition prints on both sides",
        ),
        (BOOKLET_TOML, ('sides = "double"', 'sides = "both"'), "it must be one of: single"),
        (BOOKLET_TOML, ("copies_per_sheet = 1", "copies_per_sheet = 2"), "holds 1 to 1"),
        (BOOKLET_TOML, ("stock.a4 =", "stok.a4 ="), "unknown key 'print.stok'"),
        (BOOKLET_TOML, ("steps = [", "steps = 3\nx = ["), "'print.steps' should be"),
        (BOOKLET_TOML, ('stock.a4 = "text paper, 80-90 gsm"', "stock.a4 = 80"), "print.stock.a4"),
        (CARD_TOML, ("copies_per_sheet = 10", "copies_per_sheet = 11"), "holds 1 to 10"),
    ],
)
def test_a_broken_print_table_is_named(make_kit, tmp_path, toml, change, expected):
    layout = "card" if toml is CARD_TOML else "booklet"
    assert change[0] in toml
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML + f"\n[products.{layout}]\n" * (layout == "card"),
            "content/en/hello.md": HELLO_SECTION,
            f"layouts/{layout}/layout.toml": toml.replace(*change),
        }
    )
    result = run("build", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 2, result.output
    assert f"layouts/{layout}/layout.toml:" in result.output
    assert expected in result.output


def test_a_layout_without_a_print_table_still_gets_a_ticket(make_kit, tmp_path):
    """A layout copied into a kit before [print] existed: sides and flip follow its
    imposition; the stock is asked for."""
    own = BOOKLET_TOML.split("\n# For the job ticket")[0]
    assert "[print]" not in own
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION,
            "layouts/booklet/layout.toml": own,
        }
    )
    assert run("build", "--kit", kit, "--out", tmp_path / "o").exit_code == 0
    facts = fields((tmp_path / "o" / "en" / "booklet-print.txt").read_text())
    assert facts["Print"] == "both sides (duplex), flip on the short edge"
    assert "add [print] stock to layout.toml" in facts["Stock"]
