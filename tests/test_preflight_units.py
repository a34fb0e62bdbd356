"""Preflight's checks on tiny documents: a few lines of HTML, rendered and measured."""

from __future__ import annotations

from pathlib import Path

import pytest

from zinegen import preflight, words
from zinegen.compose import Box
from zinegen.geometry import PT_PER_MM
from zinegen.model import Layout, Section
from zinegen.render import render

PAGE = "@page { size: 60mm 40mm; margin: 5mm; } body { font-size: 10pt; margin: 0; }"
FIXED = ".box { break-before: page; }"


def rendered(body: str, css: str = ""):
    html = f"<style>{PAGE}{FIXED}{css}</style>{body}"
    return render(html, Path.cwd(), (Path.cwd(),), source=Path("zine.toml")).document


def layout(**fields) -> Layout:
    return Layout(
        name="tiny",
        folder=Path.cwd(),
        page_size_pt={"letter": (60 * PT_PER_MM, 40 * PT_PER_MM)},
        sheet_orientation="portrait",
        imposition="nup-mirrored-back",
        fixed=True,
        margin_pt=(5 * PT_PER_MM,) * 4,
        box_labels=("front", "back"),
        **fields,
    )


def test_box_pages_finds_a_box_that_runs_onto_a_second_page():
    document = rendered(
        '<section id="box-1" class="box"><p>one</p></section>'
        '<section id="box-2" class="box">' + "<p>line</p>" * 12 + "</section>"
    )
    spans = preflight.box_pages(document)
    assert spans[1] == [0]
    assert spans[2][0] == 1 and len(spans[2]) > 1  # it starts a page and runs on


def test_text_below_the_minimum_is_found_with_its_page():
    document = rendered('<p>fine</p><p style="font-size: 6pt">too small</p>')
    (problem,) = preflight.check_text_size(document, 8, "tiny", None)
    assert "text on page 1 is set at 6 pt, below the layout's 8 pt minimum" in problem.message
    assert '("too small")' in problem.message
    assert preflight.check_text_size(document, 6, "tiny", None) == []


def test_an_element_that_must_fit_one_page_reports_its_spill():
    document = rendered('<div id="back-cover">' + "<p>line</p>" * 12 + "</div>")
    (problem,) = preflight.check_one_page(document, layout(one_page=("back-cover",)), [], Path("z"))
    assert "the back cover of the tiny runs to" in problem.message
    assert "it must fit on one" in problem.message
    document = rendered('<div id="back-cover"><p>short</p></div>')
    assert preflight.check_one_page(document, layout(one_page=("back-cover",)), [], Path("z")) == []


def test_page_text_mends_a_word_broken_at_its_hyphen_and_keeps_blocks_apart():
    document = rendered(
        "<p>carry these for the sex-workers</p><p>Safer sex</p><p>Work with a buddy</p>",
        "@page { size: 80mm 80mm; } p { width: 16mm; hyphens: manual; }",
    )
    first = document.pages[0]._page_box.descendants()
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    lines = [
        "".join(t.text for t in box.descendants() if isinstance(t, TextBox))
        for box in first
        if isinstance(box, LineBox)
    ]
    assert "the sex-" in lines  # the line did break after the hyphen
    text = words.page_text(document.pages[0])
    assert "sex-workers" in text  # one word again, though it broke after "sex-"
    assert "Safer sex\nWork with a buddy" in text  # two paragraphs: two lines


@pytest.mark.parametrize(
    ("markup", "found"),
    [
        ("<p>Take con&shy;doms</p>", ["condoms"]),
        ("<p>For <b>sex</b> <i>workers</i></p>", ["sex workers"]),
        ("<p>Safer sex</p><p>Work safe</p>", []),
        ("<p>ingredients and clientele</p>", ["clientele"]),  # client* in a kit's list
    ],
)
def test_outside_faces_are_read_as_printed(markup, found):
    from zinegen.model import Checks, Kit, Organization, Product

    document = rendered(f'<section id="box-1" class="box">{markup}</section>')
    kit = Kit(
        root=Path.cwd(),
        config_file=Path.cwd() / "zine.toml",
        name="k",
        languages=("en",),
        paper="letter",
        organization=Organization("Org"),
        products={},
        search_path=(Path.cwd(),),
        fonts=(),
        checks=Checks(revealing_words={"en": ("client*",)}),
    )
    section = Section("s", "S", markup, "en", Path.cwd() / "s.md", text=markup)
    problems = words.check_outside_faces(
        document,
        {1: [0]},
        kit,
        Product("card", "tiny", "Card", ("s",)),
        layout(outside=(1,)),
        [Box(1, "front", [section])],
        "en",
    )
    said = [word for p in problems for word in p.message.split('"')[1::2]]
    assert said == found
