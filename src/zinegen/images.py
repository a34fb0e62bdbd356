"""Pictures that print well: a logo that stands out from what it is printed on, and raster
pictures sharp at the size they print. Both are measured on the laid-out document."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from zinegen.errors import Problem, relative_to
from zinegen.geometry import pt_to_mm, px_to_pt
from zinegen.model import Kit, Section
from zinegen.theme import WHITE, contrast

# WCAG 1.4.11 (non-text contrast): graphics needed to recognize something reach 3:1.
MIN_LOGO_CONTRAST = 3.0
# Below this a picture shows its pixels in print; 300 is a print shop's ideal.
MIN_DPI = 150
CSS_PX_PER_IN = 96
MIN_SIZE_PX = 5 / 25.4 * CSS_PX_PER_IN  # pictures printed under 5 mm each way are not checked
LOGO_RENDER_PX = 160  # the logo is drawn this wide (and as tall) to measure its colours
INK_ALPHA = 128  # a pixel of the logo drawn at least half opaque is part of it


@dataclass(frozen=True)
class Placed:
    """A picture on a laid-out page: its file, its box, and what is printed behind it."""

    path: Path
    box: object  # a WeasyPrint ReplacedBox
    page: int  # 0-based
    anchor: str  # the nearest element id: s-<section>, cover-N, contact-N, box-N
    backgrounds: tuple[str, ...]  # #rrggbb colours behind it (a gradient gives each stop)


def _hex(color) -> str | None:
    """A CSS colour as #rrggbb, or None when it is (nearly) transparent."""
    red, green, blue, alpha = color.to("srgb")
    if alpha < 0.5:
        return None
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (red, green, blue))


def _own_backgrounds(box) -> tuple[str, ...]:
    """The colours a box paints behind its content: its gradient's stops, or its colour."""
    from weasyprint.images import Gradient

    stops = [
        found
        for _, image in box.style["background_image"]
        if isinstance(image, Gradient)
        for found in map(_hex, image.colors)
        if found
    ]
    if stops:
        return tuple(dict.fromkeys(stops))
    colour = _hex(box.style["background_color"])
    return (colour,) if colour else ()


def placed_pictures(document) -> Iterator[Placed]:
    """Every picture drawn from a file on the document's pages, with what is behind it."""
    from weasyprint.formatting_structure import boxes

    from zinegen.preflight import ANCHOR_PREFIXES

    for number, page in enumerate(document.pages):
        root = page._page_box  # WeasyPrint's laid-out tree, as preflight reads it
        stack = [(root, "", _own_backgrounds(root) or (WHITE,))]
        while stack:
            box, anchor, behind = stack.pop()
            if box is not root:
                behind = _own_backgrounds(box) or behind
            if box.element is not None and "::" not in (box.element_tag or ""):
                element_id = box.element.get("id") or ""
                anchor = element_id if element_id.startswith(ANCHOR_PREFIXES) else anchor
            if isinstance(box, boxes.ReplacedBox) and box.element is not None:
                src = box.element.get("src") or ""
                if urlsplit(src).scheme == "file":
                    path = Path(url2pathname(unquote(urlsplit(src).path)))
                    yield Placed(path, box, number, anchor, behind)
            if not isinstance(box, boxes.MarginBox):
                stack.extend((child, anchor, behind) for child in getattr(box, "children", ()))


def _where(placed: Placed, labels: list[str], sections: dict[str, Section]) -> str:
    section = sections.get(placed.anchor)
    label = labels[placed.page] if placed.page < len(labels) else f"page {placed.page + 1}"
    return f'{label} "{section.title}"' if section else label


# --- sharpness -------------------------------------------------------------------------------


def check_resolution(
    document, product: str, labels: list[str], sections: list[Section], kit: Kit
) -> list[Problem]:
    """A raster picture (PNG, JPEG) printed at under MIN_DPI: named with its measured dpi,
    its pixels and its printed width. SVGs are drawn as lines and stay sharp."""
    from weasyprint.images import RasterImage

    by_anchor = {f"s-{s.id}": s for s in sections}
    worst: dict[Path, tuple[float, Placed]] = {}
    for placed in placed_pictures(document):
        image = placed.box.replacement
        if not isinstance(image, RasterImage) or placed.box.width <= 0:
            continue
        if max(placed.box.width, placed.box.height) < MIN_SIZE_PX:
            continue  # a dot or a rule: too small for its pixels to show
        dpi = min(
            image.width / (placed.box.width / CSS_PX_PER_IN),
            image.height / (max(placed.box.height, 1e-6) / CSS_PX_PER_IN),
        )
        if dpi < MIN_DPI - 0.5 and dpi < worst.get(placed.path, (float("inf"),))[0]:
            worst[placed.path] = (dpi, placed)
    problems = []
    for path, (dpi, placed) in worst.items():
        image, width_px = placed.box.replacement, placed.box.width
        width_mm = pt_to_mm(px_to_pt(width_px))
        needed = round(MIN_DPI * width_px / CSS_PX_PER_IN)
        section = by_anchor.get(placed.anchor)
        problems.append(
            Problem(
                f"{product}: {_where(placed, labels, by_anchor)}: {path.name} prints at "
                f"{dpi:.0f} dpi ({image.width} px across {width_mm:.0f} mm); {MIN_DPI} dpi or "
                "more prints sharply.",
                f"use a larger picture (at least {needed} px across at this size), or "
                "print it smaller; an SVG stays sharp at any size.",
                section.source if section else kit.config_file,
                section.line_of(_name_pattern(path)) if section else _config_line(kit, path),
            )
        )
    return problems


def _name_pattern(path: Path):
    import re

    return re.compile(re.escape(path.name))


def _config_line(kit: Kit, path: Path) -> int | None:
    """The line of zine.toml that names a file (a logo or a cover image)."""
    name = str(relative_to(path, kit.root))
    for number, line in enumerate(kit.config_text.splitlines(), start=1):
        if name in line or path.name in line:
            return number
    return None


# --- logo contrast ---------------------------------------------------------------------------


@cache
def _logo_colours(path: Path, digest: str) -> Counter:
    """The colours of a logo's drawn pixels, {(r, g, b): count}, from a real drawing of
    it (WeasyPrint to PDF, pypdfium2 to pixels, on a transparent ground): SVG and PNG
    alike, with what is transparent in it left out. `digest` keys the cache by content."""
    import pypdfium2
    from weasyprint import HTML

    from zinegen.render import KitFetcher, weasyprint_messages

    size = LOGO_RENDER_PX
    html = (
        f"<style>@page {{ size: {size}px {size}px; margin: 0 }} html, body {{ margin: 0 }}"
        f" img {{ display: block; width: {size}px; height: {size}px; object-fit: contain }}"
        f'</style><img src="{path.as_uri()}" alt="">'
    )
    with weasyprint_messages():  # the logo was checked when the kit was read
        pdf = HTML(string=html, url_fetcher=KitFetcher((path.parent,))).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=96 / 72, fill_color=(0, 0, 0, 0))
        pixels, stride = bytes(bitmap.buffer), bitmap.stride
        colours: Counter = Counter()
        for row in range(bitmap.height):
            line = pixels[row * stride : row * stride + 4 * bitmap.width]
            for i in range(0, len(line), 4):
                blue, green, red, alpha = line[i : i + 4]  # BGRA, not premultiplied
                if alpha >= INK_ALPHA:
                    colours[red, green, blue] += 1
        return colours
    finally:
        document.close()


def logo_contrast(path: Path, background: str) -> float | None:
    """The contrast with `background` that most of the logo's drawn area reaches (the
    median over its pixels); None for a logo that draws nothing."""
    colours = _logo_colours(path, hashlib.sha256(path.read_bytes()).hexdigest())
    total = sum(colours.values())
    if not total:
        return None
    ratios = sorted(
        (contrast("#{:02x}{:02x}{:02x}".format(*rgb), background), count)
        for rgb, count in colours.items()
    )
    seen = 0
    for ratio, count in ratios:
        seen += count
        if seen * 2 >= total:
            return ratio
    return ratios[-1][0]


def check_logo_contrast(document, product: str, labels: list[str], kit: Kit) -> list[Problem]:
    """A logo that does not stand out from what is printed behind it (a cover in the accent
    colour, say): a warning with the measured ratio and what to do."""
    from zinegen.kit import Checker

    org = kit.organization
    logos = {
        p.resolve(): key for key, p in (("logo", org.logo), ("logo_on_dark", org.logo_on_dark)) if p
    }
    found: dict[tuple[Path, str], tuple[float, Placed]] = {}
    for placed in placed_pictures(document):
        key = logos.get(placed.path.resolve())
        if key is None:
            continue
        for background in placed.backgrounds:
            ratio = logo_contrast(placed.path, background)
            if ratio is not None and ratio < MIN_LOGO_CONTRAST:
                found.setdefault((placed.path, background), (ratio, placed))
    checker = Checker(kit.config_file, kit.config_text)
    problems = []
    for (path, background), (ratio, placed) in found.items():
        key = logos[path.resolve()]
        dark = contrast(background, WHITE) >= MIN_LOGO_CONTRAST  # light marks show on it
        if dark and key == "logo":
            hint = (
                'give a light version of it as logo_on_dark = "logo-white.svg" under '
                "[organization] in zine.toml (covers in the accent colour show it), or "
                "change theme.accent."
            )
        elif dark:
            hint = (
                "make logo_on_dark lighter (white works on any dark cover), or change theme.accent."
            )
        else:
            hint = (
                f"make {key} darker where it prints on a light background, or change the "
                "theme's colours."
            )
        problems.append(
            Problem(
                f"{product}: {labels[placed.page] if placed.page < len(labels) else 'a page'}: "
                f"the logo {path.name} shows at {ratio:.1f}:1 against the colour behind it "
                f"({background}); "
                f"a logo needs {MIN_LOGO_CONTRAST:g}:1 to stand out in print.",
                hint,
                kit.config_file,
                checker.line_of(f"organization.{key}"),
            )
        )
    return problems
