"""Layout declarations: checked like zine.toml, sizes in exact points."""

from __future__ import annotations

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run

from zinegen.geometry import PT_PER_MM, sheet_size_pt, to_pt
from zinegen.kit import builtin_dir, load_kit
from zinegen.kit.layouts import load_layout

BOOKLET_TOML = (builtin_dir() / "layouts" / "booklet" / "layout.toml").read_text()


def test_lengths():
    assert to_pt("5.5in") == 396
    assert to_pt("210mm") == pytest.approx(595.2756, abs=1e-3)
    assert to_pt("12pt") == 12
    with pytest.raises(ValueError, match="not a length"):
        to_pt("5.5 inches")


def test_sheets():
    assert sheet_size_pt("letter", "landscape") == (792, 612)
    assert sheet_size_pt("a4", "portrait") == pytest.approx((210 * PT_PER_MM, 297 * PT_PER_MM))


def test_the_booklet_layout():
    layout = load_layout(load_kit(builtin_dir()), "booklet")
    assert layout.page_size_pt["letter"] == (396, 612)
    assert layout.page_size_pt["a4"] == pytest.approx((148 * PT_PER_MM, 210 * PT_PER_MM))
    assert (layout.sheet_orientation, layout.imposition, layout.fixed) == (
        "landscape",
        "saddle-stitch",
        False,
    )
    assert layout.min_font_pt == 9


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("fixed = false", "fixd = false"), "layout.toml:7: unknown key 'page.fixd'"),
        (("fixed = false", 'fixed = "no"'), "'page.fixed' should be true/false"),
        (('"saddle-stitch"', '"perfect-bound"'), "it must be one of: saddle-stitch"),
        (('["5.5in", "8.5in"]', '["5.5 in", "8.5 inch"]'), "'page.size.letter': not a length"),
        (
            ('["5.5in", "8.5in"]', '["8.5in", "11in"]'),
            "two pages side by side (1224 x 792 pt) do not fit",
        ),
        (("[sheet]", "[sheets]"), "unknown key 'sheets'"),
    ],
)
def test_a_broken_layout_declaration_is_named(make_kit, tmp_path, change, expected):
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION,
            "layouts/booklet/layout.toml": BOOKLET_TOML.replace(*change),
        }
    )
    result = run("build", "--kit", str(kit), "--out", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "layouts/booklet/layout.toml" in result.output
    assert expected in result.output
