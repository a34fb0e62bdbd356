"""Units and paper sizes."""

from __future__ import annotations

import re

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


def px_to_pt(pixels: float) -> float:
    """WeasyPrint lays out in CSS pixels, 96 to the inch."""
    return pixels * PT_PER_IN / 96


def sheet_size_pt(paper: str, orientation: str) -> tuple[float, float]:
    """The sheet in the given orientation, (width, height) in points."""
    width, height = PAPER_SIZE_PT[paper]
    return (height, width) if orientation == "landscape" else (width, height)
