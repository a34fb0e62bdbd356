"""Units, paper sizes and layout declarations (layouts/<name>/layout.toml)."""

from __future__ import annotations

import re
from pathlib import Path

from zinegen.errors import ZinegenError, fail, read_text
from zinegen.kit import Checker, Key, load_toml
from zinegen.model import PAPERS, Kit, Layout

PT_PER_IN = 72.0
PT_PER_MM = 72.0 / 25.4

# Sheet sizes in portrait, points.
PAPER_SIZE_PT = {
    "letter": (8.5 * PT_PER_IN, 11 * PT_PER_IN),
    "a4": (210 * PT_PER_MM, 297 * PT_PER_MM),
}
UNITS_PT = {"pt": 1.0, "in": PT_PER_IN, "mm": PT_PER_MM, "cm": 10 * PT_PER_MM}


def to_pt(length: str) -> float:
    """'5.5in', '148mm', '12pt' -> points."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(pt|in|mm|cm)\s*", length)
    if match is None:
        raise ValueError(f"not a length: {length!r} (use a number with pt, in, mm or cm)")
    return float(match.group(1)) * UNITS_PT[match.group(2)]


def pt_to_mm(points: float) -> float:
    return points / PT_PER_MM


def sheet_size_pt(paper: str, orientation: str) -> tuple[float, float]:
    """The sheet in the given orientation, (width, height) in points."""
    width, height = PAPER_SIZE_PT[paper]
    return (height, width) if orientation == "landscape" else (width, height)


LAYOUT_KEYS = {
    "description": Key("one line on what the layout is"),
    "page": Key("the [page] table: size, fixed, min_font_pt", kind=dict, required=True),
    "sheet": Key("the [sheet] table: orientation, imposition", kind=dict, required=True),
}
PAGE_KEYS = {
    "size": Key(
        'page size per paper, e.g. size.letter = ["5.5in", "8.5in"]', kind=dict, required=True
    ),
    "fixed": Key("true when every page is a fixed box that must not overflow", kind=bool),
    "min_font_pt": Key("the smallest text size allowed, in points", kind=(int, float)),
    "one_page": Key(
        "ids of elements that must each fit on one page, e.g. the covers", kind=list, item=str
    ),
}
SIZE_KEYS = {
    paper: Key(f"[width, height] of a page on {paper} paper", kind=list, item=str, required=True)
    for paper in PAPERS
}


def load_layout(kit: Kit, name: str) -> Layout:
    """Read and check a layout's declaration, the kit's copy first."""
    from zinegen.impose import IMPOSITIONS

    declaration = kit.find(Path("layouts") / name / "layout.toml")
    if declaration is None:
        fail(f"there is no layout '{name}'.", "`zinegen list` shows the layouts.", kit.config_file)
    data = load_toml(declaration)
    checker = Checker(declaration, read_text(declaration))
    sheet_keys = {
        "orientation": Key(
            "landscape or portrait", required=True, choices=("landscape", "portrait")
        ),
        "imposition": Key("how pages go on sheets", required=True, choices=tuple(IMPOSITIONS)),
    }
    checker.table(data, LAYOUT_KEYS, "")
    page, sheet = data.get("page", {}), data.get("sheet", {})
    if isinstance(page, dict):
        checker.table(page, PAGE_KEYS, "page.")
        if isinstance(page.get("size"), dict):
            checker.table(page["size"], SIZE_KEYS, "page.size.")
    if isinstance(sheet, dict):
        checker.table(sheet, sheet_keys, "sheet.")
    if checker.problems:
        raise ZinegenError(checker.problems)

    sizes = {}
    for paper in PAPERS:
        try:
            width, height = (to_pt(length) for length in page["size"][paper])
        except ValueError as error:
            checker.problem(
                f"page.size.{paper}",
                f"'page.size.{paper}': {error}.",
                'give two lengths, e.g. ["5.5in", "8.5in"].',
            )
            continue
        sizes[paper] = (width, height)
        sheet_size = sheet_size_pt(paper, sheet["orientation"])
        try:
            IMPOSITIONS[sheet["imposition"]](4, (width, height), sheet_size)
        except ValueError as error:
            checker.problem(
                f"page.size.{paper}",
                f"'page.size.{paper}': {error}.",
                "make the page smaller or the sheet larger.",
            )
    if checker.problems:
        raise ZinegenError(checker.problems)
    return Layout(
        name=name,
        folder=declaration.parent,
        page_size_pt=sizes,
        sheet_orientation=sheet["orientation"],
        imposition=sheet["imposition"],
        fixed=page.get("fixed", False),
        min_font_pt=float(page.get("min_font_pt", 9)),
        description=data.get("description", ""),
        one_page=tuple(page.get("one_page", ())),
    )
