"""The job ticket: a short text file beside each print PDF, saying what the print shop (or
whoever stands at the printer) needs to print and finish it. Its facts come from the
layout's [print] table and from the imposition that made the PDF."""

from __future__ import annotations

import math
import textwrap

from zinegen.geometry import PAPER_SIZE_PT, PT_PER_IN, PT_PER_MM
from zinegen.model import Target

# How the sheets are named on the ticket, as a print shop names them.
PAPER_NAMES = {"letter": "US letter", "a4": "A4"}
WIDTH = 88  # characters a line: readable in any text viewer, and on a printed page


def _sheet_size(paper: str, orientation: str) -> str:
    width, height = PAPER_SIZE_PT[paper]
    if paper == "letter":
        size = f"{width / PT_PER_IN:g} x {height / PT_PER_IN:g} in"
    else:
        size = f"{width / PT_PER_MM:.0f} x {height / PT_PER_MM:.0f} mm"
    return f"{PAPER_NAMES[paper]} ({size}), {orientation}"


def sheets_per_copy(sides: int, double_sided: bool) -> int:
    """Sheets one copy takes: the print PDF's pages, two to a sheet when printed on both."""
    return math.ceil(sides / 2) if double_sided else sides


def job_ticket(target: Target, sides: int) -> str:
    """The ticket for a target whose print PDF has `sides` pages (sheet sides), with the
    bleed and crop marks the target was built with (none for office output)."""
    bleed_mm = target.bleed_mm
    layout, spec = target.layout, target.layout.printing
    double = spec.sides == "double" and sides > 1  # a one-page sheet prints on one side
    sheets = sheets_per_copy(sides, double)
    name = target.print_pdf.name
    pages = f"{sides} page{'s' * (sides != 1)}"
    if double:
        printing = f"both sides (duplex), flip on the {spec.flip} edge"
        sheet_note = f"{name} has {pages}, two to a sheet"
    else:
        printing = "one side only"
        sheet_note = f"{name} has {pages}, one to a sheet"
    copies = spec.copies_per_sheet
    copies_line = "1 a sheet" if copies == 1 else f"{copies} a sheet, cut apart"
    per = "per copy" if copies == 1 else f"for every {copies} copies"
    paper = PAPER_NAMES[target.paper]
    if bleed_mm or target.marks:  # print-shop output: printed larger, cut to the paper size
        where = "at the crop marks" if target.marks else "to the PDF's TrimBox"
        trim = f"print on a larger sheet and cut it to {paper} {where}"
        trim += f"; {bleed_mm:g} mm bleed on every side" if bleed_mm else "; no bleed"
    else:
        trim = "none, no bleed"
    stock = spec.stock.get(target.paper) or "(not given: add [print] stock to layout.toml)"
    product = target.product
    kind = "" if product.name == layout.name else f", a {layout.name}"
    facts = [
        ("Paper", _sheet_size(target.paper, layout.sheet_orientation)),
        ("Stock", stock),
        ("Print", printing),
        ("Scale", '100 % ("actual size"; turn off "fit to page" and "shrink")'),
        ("Sheets", f"{sheets} {per} ({sheet_note})"),
        ("Copies", copies_line),
        ("Trim", trim),
    ]
    lines = [
        f"Job ticket for {name}",
        f"{product.title} ({product.name}{kind}, language {target.lang})",
        "",
    ]
    lines += [
        textwrap.fill(value, WIDTH, initial_indent=f"{key + ':':9}", subsequent_indent=" " * 9)
        for key, value in facts
    ]
    if spec.steps:
        lines += ["", "Then:"]
        lines += [
            textwrap.fill(step, WIDTH, initial_indent=f"  {n}. ", subsequent_indent="     ")
            for n, step in enumerate(spec.steps, start=1)
        ]
    return "\n".join(lines) + "\n"
