"""Units, paper sizes and layout declarations (layouts/<name>/layout.toml)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from zinegen.errors import fail
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


def load_layout(kit: Kit, name: str) -> Layout:
    """Read a layout's declaration, the kit's copy first."""
    declaration = kit.find(Path("layouts") / name / "layout.toml")
    if declaration is None:
        fail(f"there is no layout '{name}'.", "`zinegen list` shows the layouts.", kit.config_file)
    try:
        data = tomllib.loads(declaration.read_text(encoding="utf-8"))
        page, sheet = data["page"], data["sheet"]
        sizes = {paper: tuple(to_pt(v) for v in page["size"][paper]) for paper in PAPERS}
        orientation = sheet["orientation"]
        if orientation not in ("landscape", "portrait"):
            raise ValueError(f"sheet.orientation {orientation!r} is not landscape or portrait")
        return Layout(
            name=name,
            folder=declaration.parent,
            page_size_pt=sizes,  # type: ignore[arg-type]
            sheet_orientation=orientation,
            imposition=sheet["imposition"],
            fixed=bool(page.get("fixed", False)),
            min_font_pt=float(page.get("min_font_pt", 9)),
            description=data.get("description", ""),
        )
    except (tomllib.TOMLDecodeError, KeyError, ValueError, TypeError) as error:
        detail = f"missing {error}" if isinstance(error, KeyError) else str(error)
        fail(
            f"the layout declaration is incomplete or wrong: {detail}.",
            "compare it with the built-in layouts/booklet/layout.toml.",
            declaration,
        )
