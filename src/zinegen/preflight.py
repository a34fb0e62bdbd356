"""Checks that stop a build before a flawed PDF reaches a printer (exit code 1)."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from zinegen.addresses import BREAK, JOIN
from zinegen.errors import Problem, fail, relative_to
from zinegen.geometry import pt_to_mm, px_to_pt
from zinegen.model import FontFace, Kit, Layout, Product, Section

FONT_HINT = (
    "use other characters, or add a font that has them: put it and its licence in the "
    "kit's fonts/ folder and declare it in zine.toml as [[fonts]] with family, file "
    "and licence."
)


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError  # a WeasyPrint dependency

    try:
        return frozenset(TTFont(path, lazy=True).getBestCmap())
    except (TTLibError, OSError, AssertionError) as error:
        fail(
            f"{path.name} cannot be read as a font ({error}).",
            "declare TrueType or OpenType files (.ttf, .otf) in fonts/fonts.toml.",
            path,
        )


def covered(fonts: Iterable[FontFace]) -> frozenset[int]:
    """Code points that at least one of the fonts can draw."""
    return frozenset().union(*(_cmap(face.path) for face in fonts))


def _printable(text: str) -> set[str]:
    """Characters that need a glyph: all but spaces and invisible format characters (a
    soft hyphen, a zero-width joiner). Control, private-use and unassigned characters need
    one too: without it they print as an empty box."""
    return {ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf"}


def strip_tags(markup: str) -> str:
    """The text of an HTML fragment, tags dropped and entities read, without the marks that
    let an address break (zinegen.addresses), so words are found inside addresses too."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).translate(ADDRESS_MARKS)


ADDRESS_MARKS = dict.fromkeys(map(ord, BREAK + JOIN))  # zinegen.addresses' break marks


def visible_text(section: Section) -> str:
    return " ".join((section.title, section.summary, strip_tags(section.html)))


def _describe(chars: Iterable[str]) -> str:
    """'é' (U+00E9); a character that would not show in a terminal by its number alone."""
    return ", ".join(
        f"'{ch}' (U+{ord(ch):04X})" if ch.isprintable() else f"U+{ord(ch):04X}"
        for ch in sorted(chars)
    )


def _line_of(text: str, chars: set[str]) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if chars & set(line):
            return number
    return None


def check_characters(kit: Kit, product: Product, sections: list[Section]) -> list[Problem]:
    """Every character the product prints must be in a declared font: never a silent fallback."""
    have = covered(kit.fonts)
    families = ", ".join(sorted({face.family for face in kit.fonts}))
    problems = []
    for section in sections:
        missing = {ch for ch in _printable(visible_text(section)) if ord(ch) not in have}
        if missing:
            problems.append(
                Problem(
                    f"section '{section.id}' uses {_describe(missing)}, which the fonts "
                    f"({families}) cannot draw.",
                    FONT_HINT,
                    section.source,
                    _line_of(section.text, missing),
                )
            )
    settings = " ".join(
        (product.title, product.subtitle, kit.organization.name, kit.organization.contact)
    )
    missing = {ch for ch in _printable(settings) if ord(ch) not in have}
    if missing:
        problems.append(
            Problem(
                f"the title or organization uses {_describe(missing)}, which the fonts "
                f"({families}) cannot draw.",
                FONT_HINT,
                kit.config_file,
                _line_of(kit.config_text, missing),
            )
        )
    return problems


FLOW_TEXT_LIMIT = 300_000  # characters in a booklet: about 130 pages, more than staples hold
BOX_TEXT_LIMIT = 20_000  # characters in one fixed box: several times what a page holds


def check_text_volume(product: Product, layout: Layout, boxes: list) -> list[Problem]:
    """Text far beyond what the product can print, refused before it is laid out (which
    would take minutes): for a booklet, all of it; for a panel, card face or zine page,
    what each box holds. `boxes` are the fixed boxes; for a booklet, one holding every
    section."""
    limit = BOX_TEXT_LIMIT if layout.fixed else FLOW_TEXT_LIMIT
    problems = []
    for box in boxes:
        sizes = [(len(visible_text(section)), section) for section in box.sections]
        total = sum(size for size, _ in sizes)
        if total <= limit:
            continue
        largest = max(sizes, key=lambda pair: pair[0])[1]
        where = f"{box.label} holds" if layout.fixed else "its sections hold"
        problems.append(
            Problem(
                f"{product.name}: {where} {total // 1000} thousand characters "
                f"of text, far more than it can print (at most {limit // 1000} thousand); the "
                f"largest is section '{largest.id}'.",
                "shorten it, or split it between products; it was not laid out.",
                largest.source,
            )
        )
    return problems


def check_one_page(
    document, layout: Layout, sections: list[Section], source: Path
) -> list[Problem]:
    """Elements the layout declares as one page (a back cover, say) must not spill over."""
    by_anchor = {f"s-{section.id}": section for section in sections}
    problems = []
    for element_id in layout.one_page:
        pages = [page for page in document.pages if element_id in page.anchors]
        if len(pages) < 2:
            continue
        spill_mm = sum(
            pt_to_mm(px_to_pt(page.anchors[element_id][3] - page.anchors[element_id][1]))
            for page in pages[1:]
        )
        inside = [by_anchor[a] for page in pages for a in page.anchors if a in by_anchor]
        named = ", ".join(
            dict.fromkeys(
                f"section '{s.id}' ({relative_to(s.source, source.parent)})" for s in inside
            )
        )
        problems.append(
            Problem(
                f"the {element_id.replace('-', ' ')} of the {layout.name} runs to {len(pages)} "
                f"pages; it must fit on one (about {spill_mm:.0f} mm too long).",
                f"shorten {named or 'what is on it'}, or the contact lines in zine.toml.",
                source,
            )
        )
    return problems


def check_page_count(
    document, layout: Layout, product: str, sections: list[Section], body_pt: float | None
) -> list[Problem]:
    """A flowing layout with max_pages (a sheet printed on both sides, a one-page form)
    laid out on more pages: what ran over, by the entries of its generated sections (a
    sheet's reports) where there are any."""
    allowed = layout.max_pages or len(document.pages)
    names = entry_names(sections)
    over = [
        names[anchor]
        for page in document.pages[allowed:]
        for anchor in page.anchors
        if anchor in names
    ]
    size = f" at the smallest body size, {body_pt:g} pt" if body_pt else ""
    pages = f"{allowed} page{'s' * (allowed != 1)}"
    source = next((s.source for s in sections if s.generated), None)
    if over:
        listed = ", ".join(over[:6]) + (f" and {len(over) - 6} more" if len(over) > 6 else "")
        return [
            Problem(
                f"{product} runs to {len(document.pages)} pages{size}; it has {pages}. "
                f"On the pages past that: {listed}.",
                "shorten the longest reports (what_happened), give older ones an earlier "
                "'expires', or lower [baddates] keep_days in zine.toml; --allow-overflow "
                "prints every page.",
                source,
            )
        ]
    return [
        Problem(
            f"{product} runs to {len(document.pages)} pages{size}; the {layout.name} layout "
            f"has {pages}.",
            "shorten its text; --allow-overflow prints every page.",
            source,
        )
    ]


def entry_names(sections: list[Section]) -> dict[str, str]:
    """The entries of generated sections by their element ids, as messages name them:
    {"res-3": "Night Clinic", "report-7": "report 7"} (their other meta is not an id)."""
    return {
        key: value
        for s in sections
        if s.generated
        for key, value in s.meta.items()
        if not key.startswith("chosen-")
    }


def check_unsplit(document, product: str, sections: list[Section], source: Path) -> list[Problem]:
    """Every element that must print whole (class "whole": a sheet's reports, its
    how-to-report box) laid out in one piece, not across pages or columns."""
    names = entry_names(sections)
    return [
        Problem(
            f"{product}: {names.get(split, split or 'a block')} is too long for one column, "
            "so it is split; it must print whole.",
            "shorten it (what_happened, mostly).",
            next((s.source for s in sections if split in s.meta), source),
        )
        for split in split_elements(document, "whole")
    ]


def split_elements(document, class_name: str) -> list[str]:
    """Ids of the elements of a class laid out in more than one piece: across pages or
    columns. (`_page_box` is WeasyPrint's laid-out tree, as in check_text_size; a box
    whose parent is of the same element is a part of it, not another piece.)"""
    pieces: dict[str, int] = {}

    def walk(box, parent_element) -> None:
        element = getattr(box, "element", None)
        if (
            element is not None
            and element is not parent_element
            and class_name in (element.get("class") or "").split()
        ):
            key = element.get("id") or ""
            pieces[key] = pieces.get(key, 0) + 1
        for child in getattr(box, "children", ()):
            walk(child, element)

    for page in document.pages:
        walk(page._page_box, None)
    return [key for key, count in pieces.items() if count > 1]


def box_pages(document) -> dict[int, list[int]]:
    """For each fixed box (its element id is box-N), the indexes of the pages it is on."""
    found: dict[int, list[int]] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("box-") and anchor[4:].isdigit():
                found.setdefault(int(anchor[4:]), []).append(index)
    return dict(sorted(found.items()))


def check_box_markers(
    spans: dict[int, list[int]], layout: Layout, template: Path | None, html: str = ""
) -> None:
    """A fixed layout's template must lay out each box declared in layout.toml once, as an
    element with id box-1, box-2, ..., each starting a page: the checks and the imposition
    count on it. Anything else is a broken layout (exit 2), named by its template."""
    expected = list(range(1, len(layout.box_labels) + 1))
    starts = [pages[0] for _, pages in sorted(spans.items())]
    markers = re.findall(r"""\bid=["']?box-(\d+)\b""", html)
    twice = sorted({int(n) for n in markers if markers.count(n) > 1})
    if sorted(spans) == expected and starts == sorted(set(starts)) and not twice:
        return
    if twice:
        fail(
            f"the {layout.name} layout's template lays out "
            f"{', '.join(f'box-{n}' for n in twice)} more than once.",
            "give each box one element with its id (box-1, box-2, ...), as the built-in "
            "layouts/_shared/fixed.html does.",
            template,
        )
    found = ", ".join(f"box-{n}" for n in sorted(spans)) or "none"
    fail(
        f"the {layout.name} layout declares {len(expected)} boxes in layout.toml, but its "
        f"template lays out {found}.",
        f'give each box an element with id="box-1" to id="box-{len(expected)}" that starts '
        'a page (class="box" does, as in the built-in layouts/_shared/fixed.html), or change '
        "'boxes' in layout.toml.",
        template,
    )


def _bottoms_pt(measured, number: int) -> dict[str, float]:
    """On a measuring render: how far down box `number`, and each element with an id
    inside it (sections s-<id>, the cover-<n> and contact-<n> blocks), reach, in pt."""
    for page in measured.pages:
        if f"box-{number}" in page.anchors:
            return {name: px_to_pt(box[3]) for name, box in page.anchors.items()}
    return {}


def box_fills(measured, layout: Layout, paper: str) -> dict[int, float]:
    """On a measuring render: how much of its height each fixed box's content takes
    (1.0 is full; more runs over)."""
    top_margin = layout.margin_pt[0] if layout.margin_pt else 0.0
    height = layout.box_height_pt(paper)
    fills = {}
    for number in range(1, len(layout.box_labels) + 1):
        bottom = _bottoms_pt(measured, number).get(f"box-{number}", top_margin)
        fills[number] = (bottom - top_margin) / height
    return fills


def check_overflow(
    measured,
    layout: Layout,
    paper: str,
    product: str,
    boxes: list,
    numbers: list[int],
    config_file: Path,
) -> list[Problem]:
    """A problem for each box that does not fit: how many mm, and what to shorten.

    `measured` is a render on pages too tall to break, where each box shows its natural
    height; the limit is where the real page's content area ends.
    """
    top_margin = layout.margin_pt[0] if layout.margin_pt else 0.0
    limit_pt = top_margin + layout.box_height_pt(paper)
    problems = []
    for box in boxes:
        if box.number not in numbers:
            continue
        bottoms = _bottoms_pt(measured, box.number)
        over_mm = pt_to_mm(bottoms.get(f"box-{box.number}", limit_pt) - limit_pt)
        # rounded up, so that cutting the amount said always makes it fit
        over = f"{max(math.ceil(over_mm - 0.05), 1)} mm"
        past = [s for s in box.sections if bottoms.get(f"s-{s.id}", 0) > limit_pt + 0.5]
        if box.cover and bottoms.get(f"cover-{box.number}", 0) > limit_pt + 0.5:
            problems.append(
                Problem(
                    f"{product}: {box.label}, the cover, overflows by {over}.",
                    "shorten the title or subtitle in zine.toml, or use a smaller cover_image.",
                    config_file,
                )
            )
        elif resources := next((s for s in box.sections if s.generated), None):
            # The resources are what a kit can trim: say how many fit with the rest.
            problems.append(
                _resources_overflow(product, box, resources, bottoms, limit_pt, over, layout)
            )
        elif past:
            section = past[0]
            hint = f"shorten the section or move part of it to another {layout.box_noun}."
            if not section.source.is_relative_to(config_file.parent):
                hint += (
                    f" It is a built-in section: copy it to your kit's "
                    f"content/{section.lang}/ and edit the copy."
                )
            problems.append(
                Problem(
                    f'{product}: {box.label} "{section.title}" overflows by {over}.',
                    hint,
                    section.source,
                )
            )
        else:  # the contact block, or something the layout adds
            above = ", ".join(
                f"{s.title} ({relative_to(s.source, config_file.parent)})" for s in box.sections
            )
            hint = "shorten what is on it" + (f": {above}" if above else "") + "."
            if box.contact:
                hint = (
                    "shorten the contact or colophon lines in zine.toml, or what is above them"
                    + (f": {above}." if above else ".")
                )
            problems.append(
                Problem(f"{product}: {box.label} overflows by {over}.", hint, config_file)
            )
    return problems


def _resources_overflow(product, box, section, bottoms, limit_pt, over, layout) -> Problem:
    """How many resources fit in the box, with what follows them (the contact block, other
    sections) still on the page, and which entries are left over."""
    from zinegen.kit.entries import number_ranges

    entries = sorted(
        (bottom, int(anchor[4:]))
        for anchor, bottom in bottoms.items()
        if anchor.startswith("res-") and anchor[4:].isdigit()
    )
    after = bottoms[f"box-{box.number}"] - bottoms.get(f"s-{section.id}", 0)
    room = limit_pt - max(after, 0) + 0.5
    fitting = [number for bottom, number in entries if bottom <= room]
    left_out = [number for bottom, number in entries if bottom > room]
    if len(left_out) <= 3:
        named = "; ".join(f"entry {n} ({section.meta.get(f'res-{n}', '?')})" for n in left_out)
    else:
        named = f"{len(left_out)} entries: {number_ranges(left_out)} in {section.source.name}"
    how, tags = section.meta.get("chosen-by", "all"), section.meta.get("chosen-tags", "")
    file = section.source.name
    if how == "tags":
        listed = " or ".join(f"'{tag}'" for tag in tags.split())
        choose = f"take them off the {product}: remove {listed} from their tags in {file}"
    elif how == "products":
        choose = (
            f"take them off the {product}: remove '{product}' from their products in {file}, "
            "or give the entries that should print here a products list"
        )
    else:
        choose = (
            f"choose what the {product} prints: in {file} give those entries tags: "
            f"[{product}], and in zine.toml set [products.{product}] resources = {{ tags = "
            f'["{product}"] }}'
        )
    if not fitting:
        after_it = "the contact block" if box.contact else "what follows it"
        hint = (
            f"what else is on the {box.label} leaves no room for them: shorten {after_it} "
            "(the contact lines and the organization's name in zine.toml) or the sections "
            f"beside them, or print local-resources on another {layout.box_noun} or product."
        )
    else:
        picked = [f"tags = [{', '.join(repr(t) for t in tags.split())}]"] if tags else []
        categories = [c for c in section.meta.get("chosen-categories", "").split("\n") if c]
        picked += [f"categories = [{', '.join(repr(c) for c in categories)}]"] if categories else []
        line = "resources = { " + ", ".join([*picked, f"limit = {len(fitting)}"]) + " }"
        line = line.replace("'", '"')
        hint = (
            f"these do not fit: {named}. To {choose}; or print at most {len(fitting)}: write "
            f"{line} under [products.{product}] in zine.toml. Deleting entries would take "
            "them off every product."
        )
    return Problem(
        f"{product}: {box.label} holds {len(fitting)} of the {len(entries)} local resources "
        f"chosen for it (it overflows by {over}).",
        hint,
        section.source,
    )


def empty_boxes(boxes: list, product: str, config_file: Path | None = None) -> list[Problem]:
    """Warnings for boxes with nothing in them: legal, but rarely meant."""
    return [
        Problem(
            f"{product}: {box.label} is empty.",
            f"give it a section in [products.{product}] panels.",
            config_file,
        )
        for box in boxes
        if not box.sections and not box.cover and not box.contact
    ]


def check_text_size(document, min_pt: float, product: str, source: Path | None) -> list[Problem]:
    """Text set smaller than the layout allows, found in the laid-out pages."""
    from weasyprint.formatting_structure.boxes import TextBox

    small: dict[float, tuple[int, str]] = {}
    for number, page in enumerate(document.pages, start=1):
        # _page_box is WeasyPrint's laid-out tree (its own tests read it too); the major
        # version is pinned, and reading the PDF back instead costs a hundred times more.
        for box in page._page_box.descendants():
            if isinstance(box, TextBox) and box.text.strip():
                size = round(px_to_pt(box.style["font_size"]), 2)
                if size < min_pt - 0.05:
                    small.setdefault(size, (number, box.text.strip()[:30]))
    return [
        Problem(
            f"{product}: text on page {number} is set at {size:g} pt, below the layout's "
            f'{min_pt:g} pt minimum ("{text}").',
            "raise the font-size in the layout's CSS.",
            source,
        )
        for size, (number, text) in sorted(small.items())
    ]


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def check_embedded_fonts(pdf: bytes, fonts: Iterable[FontFace], source: Path) -> list[Problem]:
    """A safety net after rendering: every font in the PDF must be a declared one."""
    from pypdf import PdfReader

    # Declared faces reach the PDF under their private names ("zinegen Atkinson ...").
    families = {_normal(face.css_family) for face in fonts}
    foreign = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            base = str(ref.get_object().get("/BaseFont", "")).lstrip("/")
            name = re.sub(r"^[A-Z]{6}\+", "", base)  # drop the subset tag
            if not any(_normal(name).startswith(family) for family in families):
                foreign.add(name)
    declared = ", ".join(sorted({face.family for face in fonts}))
    return [
        Problem(
            f"the PDF would use the system font '{name}'; only declared fonts ({declared}) "
            "may print.",
            "an SVG logo or image sets text in another font (convert its text to outlines), "
            "or a layout's CSS names a font-family that is not declared (monospace for code, "
            "say), or some text has characters the declared fonts lack: set font-family to a "
            "declared face, or " + FONT_HINT,
            source,
        )
        for name in sorted(foreign)
    ]


@dataclass(frozen=True)
class Ink:
    """Something a page draws that a reader needs whole: a run of text or a picture, with
    where it comes from (the nearest element id among the layout's s-<section>, cover-N,
    contact-N, colophon-N) and how it got there."""

    box: object  # a WeasyPrint TextBox or ReplacedBox
    anchor: str
    within: str  # "table", "pre" or "" : the construct it is set in
    placed: bool  # positioned or floated out of the normal flow
    generated: bool  # text a stylesheet adds (::before, ::after, list markers)


ANCHOR_PREFIXES = ("s-", "cover-", "contact-", "colophon-", "box-")


def inked(page) -> Iterator[Ink]:
    """Every run of text and every picture a laid-out page draws (not the page-margin boxes,
    such as page numbers). `_page_box` is WeasyPrint's laid-out tree, as in check_text_size."""
    from weasyprint.formatting_structure import boxes

    stack = [
        (child, "", "", False, False)
        for child in page._page_box.children
        if not isinstance(child, boxes.MarginBox)
    ]
    while stack:
        box, anchor, within, placed, generated = stack.pop()
        tag = box.element_tag or ""
        if "::" in tag:
            generated = True
        elif box.element is not None:
            element_id = box.element.get("id") or ""
            anchor = element_id if element_id.startswith(ANCHOR_PREFIXES) else anchor
        within = tag if tag in ("table", "pre") else within
        placed = placed or box.style["position"] in ("absolute", "fixed")
        placed = placed or box.style["float"] != "none"
        if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
            yield Ink(box, anchor, within, placed, generated)
        stack.extend(
            (child, anchor, within, placed, generated)
            for child in reversed(getattr(box, "children", ()))
        )


EDGE_SLACK_PX = 1.0  # rounding in the layout; a quarter of a millimetre


def check_edges(
    document,
    labels: list[str],
    noun: str,
    product: str,
    sections: list[Section],
    config_file: Path,
) -> list[Problem]:
    """Text or a picture that reaches past the text area of its page, in any direction:
    too wide (a table, a line that cannot wrap), or placed out of the flow (positioned or
    floated) past an edge. It would be cut at the fold or the trim. `labels` names each
    page ("panel 3", "page 7")."""
    by_anchor = {f"s-{section.id}": section for section in sections}
    problems = []
    for page, label in zip(document.pages, labels, strict=True):
        box = page._page_box
        left, top = box.content_box_x(), box.content_box_y()
        area = (left, top, left + box.width, top + box.height)
        worst: dict[str, tuple[float, str, Ink]] = {}  # anchor: (px over, side, ink)
        for ink in inked(page):
            over, side = _past_edges(ink.box, area)
            if over > EDGE_SLACK_PX and over > worst.get(ink.anchor, (0.0,))[0]:
                worst[ink.anchor] = (over, side, ink)
        for anchor, (over, side, ink) in worst.items():
            section = by_anchor.get(anchor)
            where = f'{label} "{section.title}"' if section else label
            problems.append(
                Problem(
                    f"{product}: {where}: {_what(ink)} reaches "
                    f"{max(math.ceil(pt_to_mm(px_to_pt(over)) - 0.05), 1)} mm past the {side} "
                    f"edge of the {noun}'s text area.",
                    _edge_hint(ink, noun),
                    section.source if section else config_file,
                )
            )
    return problems


def _past_edges(box, area: tuple[float, float, float, float]) -> tuple[float, str]:
    """How far (px) a box reaches past the text area, and on which side, the farthest."""
    left, top = box.position_x, box.position_y
    right, bottom = left + box.margin_width(), top + box.margin_height()
    return max(
        (area[0] - left, "left"),
        (right - area[2], "right"),
        (area[1] - top, "top"),
        (bottom - area[3], "bottom"),
    )


def _what(ink: Ink) -> str:
    from weasyprint.formatting_structure.boxes import ReplacedBox

    if isinstance(ink.box, ReplacedBox):
        thing = "a picture"
    elif ink.within == "table":
        thing = "a table"
    elif ink.within == "pre":
        thing = "a line of preformatted text"
    else:
        text = " ".join(ink.box.text.translate(ADDRESS_MARKS).split())
        thing = f'the text "{text[:30]}{"..." if len(text) > 30 else ""}"'
    return thing + (" placed out of the flow" if ink.placed else "")


def _edge_hint(ink: Ink, noun: str) -> str:
    element = getattr(ink.box, "element", None)
    if element is not None and "address" in (element.get("class") or "").split():
        return (
            "an address breaks only after a '/' or '.': give the link words of its own, "
            "[words](address), or use a shorter address."
        )
    if ink.placed:
        return (
            f"a stylesheet positions or floats it past the edge: keep it inside the {noun} "
            "(check position, float, top, left and width in extra.css or the layout's CSS)."
        )
    if not hasattr(ink.box, "text"):
        return (
            "make the picture smaller: remove its width (pictures shrink to fit unless a "
            "style stops them) or set a smaller one."
        )
    if ink.within == "table":
        return "make the table narrower: fewer columns, or shorter words in its cells."
    if ink.within == "pre":
        return (
            "break the long line; a line indented by four spaces or fenced with ``` is set "
            "as code and never wraps."
        )
    return (
        "let it wrap: check the stylesheets for white-space: nowrap, a fixed width, or "
        "a negative margin."
    )


def check_drawn_characters(
    document, kit: Kit, stylesheets: list[Path], template: Path | None
) -> list[Problem]:
    """The characters checked before rendering are those of the words; this checks what
    the pages finally draw, which adds the text that stylesheets generate (content:,
    list markers, counters), the hyphen that hyphens: auto adds, and the layout's own
    words. Each character the declared fonts cannot draw fails, named by where it comes
    from."""
    have = covered(kit.fonts)
    families = ", ".join(sorted({face.family for face in kit.fonts}))
    missing: dict[str, bool] = {}  # character: generated by a stylesheet
    for page in document.pages:
        for ink in inked(page):
            text = getattr(ink.box, "text", "")
            for ch in _printable(text):
                if ord(ch) not in have:
                    missing[ch] = missing.get(ch, False) or ink.generated
    problems = []
    texts = {path: path.read_text(encoding="utf-8", errors="replace") for path in stylesheets}
    for ch, generated in sorted(missing.items()):
        source, line = _written_in(ch, texts) if generated else (None, None)
        if generated and source is None:  # a counter style, say: the last stylesheet
            source = stylesheets[-1] if stylesheets else None
        if source is None and ch in "\u2010\u00ad":
            source = next(iter(stylesheets), None)
            what = f"the hyphen that hyphens: auto adds, {_describe([ch])}"
            hint = 'set hyphenate-character: "-" in extra.css, or ' + FONT_HINT
        else:
            where = "a stylesheet adds" if generated else "the layout prints"
            what, hint = f"{where} {_describe([ch])}", FONT_HINT
        problems.append(
            Problem(
                f"{what}, which the fonts ({families}) cannot draw.",
                hint,
                source or template or kit.config_file,
                line,
            )
        )
    return problems


def _written_in(ch: str, texts: dict[Path, str]) -> tuple[Path | None, int | None]:
    """The stylesheet and line that write a character, as itself or as a CSS escape."""
    for path, text in texts.items():
        for number, line in enumerate(text.splitlines(), start=1):
            escapes = re.findall(r"\\([0-9a-fA-F]{1,6})", line)  # CSS: up to six digits
            if ch in line or any(int(code, 16) == ord(ch) for code in escapes):
                return path, number
    return None, None
