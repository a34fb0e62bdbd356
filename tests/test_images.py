"""Pictures that print well: logos that stand out on their cover, rasters sharp at their size.

Every test renders a real product with pictures made here (PNG written by hand with zlib)."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML

from zinegen.images import logo_contrast
from zinegen.kit import load_kit
from zinegen.pipeline import BuildRequest, check_target, plan
from zinegen.theme import contrast

ACCENT = "#0b5563"


def png(width: int, height: int, rgba: tuple[int, int, int, int]) -> bytes:
    """A PNG of one colour (8-bit RGBA), made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + bytes(rgba) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def svg(colour: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40">'
        f'<rect width="40" height="40" rx="6" fill="{colour}"/></svg>'
    )


def warnings_of(kit_dir, product: str) -> list[str]:
    kit = load_kit(kit_dir, stylesheets=True)
    (target,) = plan(kit, BuildRequest(kit_dir=kit_dir, products=(product,)))
    checked = check_target(target)
    assert not checked.problems and not checked.overflows
    return [f"{w.message} hint: {w.hint}" for w in checked.warnings]


def picture_kit(make_kit, width_px: int, css_width: str):
    """A booklet whose one section shows pic.png, `width_px` across, printed `css_width` wide."""
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION + "\n![A map](../../pic.png)\n",
            "extra.css": f".section img {{ width: {css_width}; }}\n",
        }
    )
    (kit / "pic.png").write_bytes(png(width_px, width_px, (200, 40, 40, 255)))
    return kit


# --- resolution ------------------------------------------------------------------------------


def test_a_small_raster_printed_large_is_named_with_its_dpi(make_kit):
    kit = picture_kit(make_kit, 12, "8mm")
    (found,) = [w for w in warnings_of(kit, "booklet") if "dpi" in w]
    # 12 px over 8 mm (0.315 in) is 38 dpi
    assert "pic.png prints at 38 dpi (12 px across 8 mm); 150 dpi or more prints sharply" in found
    assert 'booklet: page 3 "Hello"' in found  # cover, contents, then the section
    assert "at least 47 px across" in found  # 150 dpi x 8 mm


def test_the_same_raster_printed_small_enough_is_sharp(make_kit):
    kit = picture_kit(make_kit, 60, "8mm")  # 190 dpi
    assert not [w for w in warnings_of(kit, "booklet") if "dpi" in w]


def test_a_raster_at_its_natural_size_prints_at_96_dpi(make_kit):
    """WeasyPrint lays out an image's pixels as CSS pixels, 96 to the inch, unless a
    stylesheet sizes it: measured from the layout, not guessed."""
    kit = picture_kit(make_kit, 40, "auto")
    (found,) = [w for w in warnings_of(kit, "booklet") if "dpi" in w]
    assert "pic.png prints at 96 dpi (40 px across 11 mm)" in found


def test_a_picture_too_small_to_show_its_pixels_is_left_out(make_kit):
    kit = picture_kit(make_kit, 4, "4mm")  # 25 dpi, but a dot
    assert not [w for w in warnings_of(kit, "booklet") if "dpi" in w]
    (kit / "extra.css").write_text(".section img { width: 6mm; }\n")
    assert [w for w in warnings_of(kit, "booklet") if "prints at 17 dpi" in w]


def test_an_svg_is_never_too_coarse(make_kit):
    kit = picture_kit(make_kit, 12, "8mm")
    (kit / "pic.png").unlink()
    (kit / "pic.svg").write_text(svg("#c82828"))
    section = kit / "content/en/hello.md"
    section.write_text(section.read_text().replace("pic.png", "pic.svg"))
    assert not [w for w in warnings_of(kit, "booklet") if "dpi" in w]


# --- logo contrast ---------------------------------------------------------------------------


def logo_kit(make_kit, files: dict[str, bytes | str], org_lines: str):
    toml = MINIMAL_TOML.replace(
        'contact = "Hotline 555-0100"', 'contact = "Hotline 555-0100"\n' + org_lines
    )
    toml += f'\n[theme]\naccent = "{ACCENT}"\n\n[products.trifold]\n'
    kit = make_kit({"zine.toml": toml, "content/en/hello.md": HELLO_SECTION})
    for name, data in files.items():
        (kit / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return kit


@pytest.mark.parametrize(
    ("name", "data"),
    [("logo.png", png(400, 400, (11, 85, 99, 255))), ("logo.svg", svg("#0e5a66"))],
)
def test_a_logo_lost_on_the_accent_cover_is_a_warning(make_kit, name, data):
    kit = logo_kit(make_kit, {name: data}, f'logo = "{name}"')
    (found,) = [w for w in warnings_of(kit, "trifold") if "the logo" in w]
    ratio = float(re.search(r"shows at ([\d.]+):1", found).group(1))
    assert ratio < 1.2  # the same colour as the cover, give or take
    assert found.startswith(f"trifold: panel 1: the logo {name} shows at")
    assert f"against the colour behind it ({ACCENT}); a logo needs 3:1" in found
    assert 'logo_on_dark = "logo-white.svg"' in found and "theme.accent" in found


def test_logo_on_dark_is_printed_on_the_cover_and_measured(make_kit):
    dark = png(400, 400, (11, 85, 99, 255))
    kit = logo_kit(
        make_kit,
        {"logo.png": dark, "logo-white.png": png(400, 400, (255, 255, 255, 255))},
        'logo = "logo.png"\nlogo_on_dark = "logo-white.png"',
    )
    assert not [w for w in warnings_of(kit, "trifold") if "the logo" in w]
    # a logo_on_dark that is not light enough is named as such
    (kit / "logo-white.png").write_bytes(png(400, 400, (40, 110, 120, 255)))
    (found,) = [w for w in warnings_of(kit, "trifold") if "the logo" in w]
    # measured from the drawn pixels: the ratio of that one colour to the cover's
    assert f"the logo logo-white.png shows at {contrast('#286e78', ACCENT):.1f}:1" in found
    assert "make logo_on_dark lighter" in found


def test_transparent_parts_of_a_logo_do_not_count(tmp_path):
    """Only the drawn pixels are measured: a white mark on a transparent ground stands out
    on teal, however much transparent margin it has."""
    logo = tmp_path / "mark.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40">'
        '<circle cx="20" cy="20" r="4" fill="#ffffff"/></svg>'
    )
    assert logo_contrast(logo, ACCENT) == pytest.approx(contrast("#ffffff", ACCENT))
    assert logo_contrast(logo, "#ffffff") == pytest.approx(1.0)


def test_a_logo_on_dark_that_is_not_in_the_kit_is_named(make_kit):
    from zinegen.errors import ZinegenError

    kit = logo_kit(make_kit, {}, 'logo_on_dark = "white.svg"')
    with pytest.raises(ZinegenError) as error:
        load_kit(kit)
    (problem,) = error.value.problems
    assert "the logo 'white.svg' is not in the kit" in problem.message
    assert problem.line == 7
