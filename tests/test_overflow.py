"""Fit preflight: fixed boxes that overflow are caught, measured in mm, never clipped silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run
from pypdf import PdfReader

from zinegen.kit import load_kit
from zinegen.pipeline import BuildRequest, check_target, plan

PANEL_MM = 215.9 - 2 * 7  # letter panel less its 7 mm margins

TOML = """\
name = "Overflow kit"
languages = ["en"]

[organization]
name = "Test Outreach"
contact = "Hotline 555-0100"

[products.tri]
layout = "trifold"
title = "Tri"
panels = [["front"], ["one"], ["street"], ["two"], [], ["three"]]

[products.wallet]
layout = "card"
title = "Wallet"
panels = [["tips"], []]
"""


def section(section_id: str, title: str, body: str) -> str:
    return f"---\nid: {section_id}\ntitle: {title}\n---\n{body}\n"


@pytest.fixture
def overflow_kit(make_kit):
    """A kit whose trifold panel 3 ('Street safety') holds whatever body a test gives it."""

    def make(street_body: str, tips: int = 3):
        files = {"zine.toml": TOML}
        for section_id in ("front", "one", "two", "three"):
            files[f"content/en/{section_id}.md"] = section(section_id, section_id.title(), "Hi.")
        files["content/en/street.md"] = section("street", "Street safety", street_body)
        bullets = "\n".join(f"- Tip number {n} for the card." for n in range(tips))
        files["content/en/tips.md"] = section("tips", "Stay safe", bullets)
        return make_kit(files)

    return make


def overflows(kit, product="tri") -> list[float]:
    """The overflow preflight reports for a product, in mm (0 when it fits)."""
    (target,) = plan(load_kit(kit), BuildRequest(kit_dir=kit, products=(product,)))
    checked = check_target(target)
    assert not checked.problems, checked.problems
    return [float(re.search(r"by (\d+) mm", p.message).group(1)) for p in checked.overflows]


def lines(count: int) -> str:
    return "  \n".join(f"Line {n}" for n in range(count))  # one paragraph, hard line breaks


def block(height_mm: float) -> str:
    return f'<div style="height: {height_mm:.2f}mm"></div>'


def test_a_block_that_fits_exactly_passes_and_a_few_mm_more_fails(overflow_kit):
    # Measure what the panel holds besides the block: its title, spacing.
    (over,) = overflows(overflow_kit(block(250)))
    other = over - 250 + PANEL_MM
    fit = PANEL_MM - other - 1.0  # the reported figure is rounded up to whole mm
    assert overflows(overflow_kit(block(fit))) == []
    (over,) = overflows(overflow_kit(block(fit + 6)))
    assert over == pytest.approx(6 - 1, abs=2)


def test_overflow_grows_with_the_content(overflow_kit):
    (small,) = overflows(overflow_kit(block(260)))
    (large,) = overflows(overflow_kit(block(360)))
    assert large - small == pytest.approx(100, abs=2)


def test_one_line_too_many_is_caught_and_one_line_less_fits(overflow_kit):
    (over_80,) = overflows(overflow_kit(lines(80)))
    (over_60,) = overflows(overflow_kit(lines(60)))
    line_mm = (over_80 - over_60) / 20
    assert 3 < line_mm < 6  # a line of 8.5 to 12 pt text
    estimate = 80 - int(over_80 // line_mm)
    fitting = max(
        n for n in range(estimate - 2, estimate + 2) if not overflows(overflow_kit(lines(n)))
    )
    (one_line,) = overflows(overflow_kit(lines(fitting + 1)))
    assert 0 < one_line <= line_mm + 1.5
    (ten_lines,) = overflows(overflow_kit(lines(fitting + 10)))
    assert ten_lines - one_line == pytest.approx(9 * line_mm, abs=2)


def test_overflow_fails_the_build_naming_box_section_and_mm(overflow_kit, tmp_path):
    kit = overflow_kit(lines(90))
    out = tmp_path / "out"
    result = run("build", "tri", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 1, result.output
    message = re.search(
        r'street\.md: tri: panel 3 "Street safety" overflows by (\d+) mm\.', result.output
    )
    assert message, result.output
    assert "hint: shorten the section or move part of it to another panel." in result.output
    assert not out.exists()


def test_allow_overflow_writes_the_pdf_with_a_warning(overflow_kit, tmp_path):
    kit = overflow_kit(lines(90))
    out = tmp_path / "out"
    args = ["build", "tri", "--kit", str(kit), "--out", str(out), "--allow-overflow"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert re.search(r"warning: \S+: tri: panel 3 .*cuts it off", result.output)
    assert len(PdfReader(out / "en" / "tri.pdf").pages) == 6  # still one page a panel
    assert len(PdfReader(out / "en" / "tri-print.pdf").pages) == 2


def edge_messages(kit, product="tri") -> list[str]:
    (target,) = plan(load_kit(kit), BuildRequest(kit_dir=kit, products=(product,)))
    checked = check_target(target)
    assert not checked.problems, checked.problems
    return [str(p) for p in checked.overflows]


def picture(kit: Path, width_mm: float) -> None:
    """A picture set wider than any panel by a style that also lifts the shrink-to-fit."""
    from PIL import Image

    Image.new("RGB", (400, 100), "red").save(kit / "content" / "en" / "wide.png")
    (kit / "content" / "en" / "street.md").write_text(
        section(
            "street",
            "Street safety",
            f'<img src="wide.png" alt="" style="width: {width_mm}mm; max-width: none">',
        )
    )


def test_a_picture_too_wide_for_its_panel_is_measured(overflow_kit):
    kit = overflow_kit("Short.")
    mm = []
    for width in (100, 110):
        picture(kit, width)
        (message,) = edge_messages(kit)
        assert 'tri: panel 3 "Street safety": a picture reaches' in message
        assert "past the right edge of the panel's text area" in message
        assert "make the picture smaller" in message
        mm.append(int(re.search(r"reaches (\d+) mm", message).group(1)))
    assert mm[1] - mm[0] == pytest.approx(10, abs=1)  # a real measure, not a flag
    # what fits: a letter sheet's third less the panel's two 7 mm margins
    assert 100 - mm[0] == pytest.approx(279.4 / 3 - 2 * 7, abs=1)


def test_a_line_that_cannot_wrap_fails_and_names_its_section(overflow_kit, tmp_path):
    kit = overflow_kit('<p style="white-space: nowrap">' + "A line that never wraps " * 4 + "</p>")
    result = run("build", "tri", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert re.search(
        r'street\.md: tri: panel 3 "Street safety": the text "A line that never wraps A '
        r'line\.\.\." reaches \d+ mm past the right edge',
        said,
    ), said
    assert "check the stylesheets for white-space: nowrap" in said
    result = run("build", "tri", "--kit", kit, "--out", tmp_path / "out", "--allow-overflow")
    assert result.exit_code == 0
    assert "past the right edge of the panel's text area. The PDF cuts it off." in " ".join(
        result.output.split()
    )


@pytest.mark.parametrize(
    ("style", "side"),
    [
        ("position: absolute; top: 240mm", "bottom"),
        ("position: absolute; left: -20mm", "left"),
        ("float: right; width: 30mm; margin-right: -25mm", "right"),
    ],
)
def test_text_placed_out_of_the_flow_past_an_edge_fails(overflow_kit, style, side):
    kit = overflow_kit(f'Short.\n\n<p style="{style}">Placed text</p>')
    (message,) = edge_messages(kit)
    assert '"Placed text" placed out of the flow reaches' in message
    assert f"past the {side} edge" in message
    assert "positions or floats it past the edge" in message


def test_text_placed_inside_its_panel_passes(overflow_kit):
    kit = overflow_kit('Short.\n\n<p style="position: absolute; top: 150mm">Low</p>')
    assert edge_messages(kit) == []


def test_an_empty_panel_is_a_warning_not_an_error(overflow_kit, tmp_path):
    out = tmp_path / "out"
    result = run("build", "tri", "--kit", str(overflow_kit("Short.")), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(r"warning: \S*zine\.toml: tri: panel 5 is empty\.", result.output)
    assert (out / "en" / "tri-print.pdf").is_file()


def test_a_card_face_that_overflows(overflow_kit):
    (over,) = overflows(overflow_kit("Short.", tips=14), product="wallet")
    assert over > 5


def test_check_writes_nothing_and_reports_every_box(overflow_kit, tmp_path, monkeypatch):
    kit = overflow_kit(lines(90), tips=14)
    monkeypatch.chdir(tmp_path)
    result = run("check", "--kit", str(kit))
    assert result.exit_code == 1, result.output
    assert 'tri: panel 3 "Street safety" overflows' in result.output
    assert 'wallet: front "Stay safe" overflows' in result.output
    assert not (tmp_path / "build").exists()  # no build folder, no PDF anywhere
    assert not list(kit.rglob("*.pdf"))


@pytest.mark.slow
def test_check_passes_on_the_builtin_kit():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.output.count("ok (") == len(load_kit().products)  # each one checked


def test_text_below_the_layout_minimum_fails(overflow_kit, tmp_path):
    kit = overflow_kit("Short.")
    css = kit / "layouts" / "card" / "layout.css"
    css.parent.mkdir(parents=True)
    css.write_text("html { font-size: 5pt; }\n", encoding="utf-8")
    result = run("check", "wallet", "--kit", str(kit))
    assert result.exit_code == 1, result.output
    assert (
        "wallet: text on page 1 is set at 5 pt, below the layout's 8.5 pt minimum" in result.output
    )
    assert "layouts/card/layout.css" in result.output


def test_a_full_contact_block_points_at_zine_toml(overflow_kit, make_kit):
    kit = overflow_kit("Short.")
    toml = (
        (kit / "zine.toml")
        .read_text()
        .replace(
            'contact = "Hotline 555-0100"', 'contact = """\n' + "Line of contact\n" * 30 + '"""'
        )
    )
    (kit / "zine.toml").write_text(toml)
    result = run("check", "wallet", "--kit", str(kit))
    assert result.exit_code == 1
    assert "zine.toml: wallet: back overflows by" in result.output
    assert "contact or colophon lines in zine.toml" in result.output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'panels = [["tips"], []]',
            'panels = [["tips"]]',
            "'products.wallet' has 1 lists, but the card layout has 2: front, back",
        ),
        (
            'panels = [["tips"], []]',
            'sections = ["tips"]',
            "'products.wallet' has 'sections', but the card layout has 2: front, back",
        ),
        (
            'layout = "card"',
            'layout = "booklet"',
            "'products.wallet' has 'panels', but the booklet layout's pages flow",
        ),
    ],
)
def test_panels_must_match_the_layout(overflow_kit, old, new, expected):
    kit = overflow_kit("Short.")
    (kit / "zine.toml").write_text((kit / "zine.toml").read_text().replace(old, new))
    result = run("build", "wallet", "--kit", str(kit))
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "zine.toml:" in result.output


def test_the_section_that_runs_past_the_foot_is_named(make_kit):
    files = {"zine.toml": TOML.replace('panels = [["tips"], []]', 'panels = [["a", "b", "c"], []]')}
    for section_id, words in (("a", "Short."), ("b", "Short."), ("c", lines(40))):
        files[f"content/en/{section_id}.md"] = section(section_id, f"Part {section_id}", words)
    for section_id in ("front", "one", "street", "two", "three"):
        files[f"content/en/{section_id}.md"] = section(section_id, section_id, "Hi.")
    kit = make_kit(files)
    result = run("check", "wallet", "--kit", str(kit))
    assert result.exit_code == 1
    assert 'c.md: wallet: front "Part c" overflows by' in result.output
    assert "move part of it to another face." in result.output


def test_a_cover_too_full_points_at_the_title(overflow_kit):
    kit = overflow_kit("Short.")
    toml = (
        (kit / "zine.toml").read_text().replace('title = "Tri"', 'title = "' + "Tri " * 120 + '"')
    )
    (kit / "zine.toml").write_text(toml)
    result = run("check", "tri", "--kit", str(kit))
    assert result.exit_code == 1
    assert "zine.toml: tri: panel 1, the cover, overflows by" in result.output
    assert "shorten the title or subtitle" in result.output


def test_floated_content_is_measured_too(overflow_kit):
    floated = '<div style="float: left; width: 20mm; height: 260mm"></div>'
    (over,) = overflows(overflow_kit(floated))
    (plain,) = overflows(overflow_kit(block(260)))
    assert over == pytest.approx(plain, abs=2)


def test_a_built_in_section_says_how_to_change_it(make_kit):
    toml = TOML.replace('panels = [["tips"], []]', 'panels = [["street-safety"], []]')
    kit = make_kit(
        {
            "zine.toml": toml,
            **{
                f"content/en/{i}.md": section(i, i, "Hi.")
                for i in ("front", "one", "street", "two", "three")
            },
        }
    )
    result = run("check", "wallet", "--kit", str(kit))
    assert result.exit_code == 1
    assert 'wallet: front "Street safety" overflows by' in result.output
    assert "It is a built-in section: copy it to your kit's content/en/" in result.output


def test_long_words_wrap_inside_the_box_and_footnotes_print(make_kit, tmp_path):
    from pdfcheck import text_edge_distances

    word = "Gesundheitsberatungsstellenverzeichnis" * 2
    body = f"## {word}\n\nSee the note.[^1]\n\n[^1]: A footnote.\n"
    toml = TOML.replace('panels = [["tips"], []]', 'panels = [["long"], []]').replace(
        'title = "Wallet"', f'title = "{word}"'
    )
    others = {
        f"content/en/{i}.md": section(i, i, "Hi.")
        for i in ("front", "one", "street", "two", "three")
    }
    kit = make_kit({"zine.toml": toml, "content/en/long.md": section("long", word, body), **others})
    out = tmp_path / "out"
    result = run("build", "wallet", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 0, result.output
    margin_pt = 3.5 * 72 / 25.4  # the card's margin
    for page in range(2):
        assert min(text_edge_distances(out / "en" / "wallet.pdf", page)) >= margin_pt - 0.5
