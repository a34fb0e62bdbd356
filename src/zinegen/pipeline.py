"""The stages in order: plan the targets, then build each from its own inputs."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zinegen.errors import ZinegenError, fail
from zinegen.geometry import load_layout, sheet_size_pt
from zinegen.kit import load_kit
from zinegen.model import PAPERS, BuildResult, Kit, Section, Target


@dataclass(frozen=True, slots=True)
class BuildRequest:
    """What the user asked for; None means the kit's default."""

    kit_dir: Path | None = None
    products: tuple[str, ...] = ()
    lang: str | None = None  # a code, "all", or None for the kit's first language
    paper: str | None = None
    out: Path = Path("build")


def plan(kit: Kit, request: BuildRequest) -> list[Target]:
    """One target per product x language, each naming its inputs and outputs."""
    if not kit.products:
        fail(
            "the kit has no products to build.",
            "add a [products.<name>] table to zine.toml (see the built-in one).",
            kit.config_file,
        )
    names = tuple(dict.fromkeys(request.products)) or tuple(kit.products)
    unknown = [name for name in names if name not in kit.products]
    if unknown:
        known = ", ".join(kit.products) or "none"
        fail(
            f"the kit has no product {', '.join(repr(n) for n in unknown)} (it has: {known}).",
            "`zinegen list` shows the products of a kit.",
            kit.config_file,
        )
    paper = request.paper or kit.paper
    if paper not in PAPERS:
        fail(f"unknown paper '{paper}'.", f"use one of: {', '.join(PAPERS)}.")
    languages = _languages(kit, request.lang)
    targets = []
    for name in names:
        product = kit.products[name]
        layout = load_layout(kit, product.layout)
        for lang in languages:
            folder = request.out / lang
            targets.append(
                Target(
                    kit=kit,
                    product=product,
                    layout=layout,
                    lang=lang,
                    paper=paper,
                    reading_pdf=folder / f"{name}.pdf",
                    print_pdf=folder / f"{name}-print.pdf",
                )
            )
    return targets


def _languages(kit: Kit, lang: str | None) -> Sequence[str]:
    if lang is None:
        return kit.languages[:1]
    if lang == "all":
        return kit.languages
    if lang not in kit.languages:
        fail(
            f"the kit has no language '{lang}' (it has: {', '.join(kit.languages)}).",
            "add it to 'languages' in zine.toml, or pick one of those.",
            kit.config_file,
        )
    return (lang,)


def target_inputs(target: Target) -> list[Path]:
    """Every file a target is made from, so a later build can tell whether it is up to date."""
    from zinegen.sections import section_path

    kit, product = target.kit, target.product
    ids = product.sections + ((product.back_cover,) if product.back_cover else ())
    files = [kit.config_file]
    files += [p for i in ids if (p := section_path(kit, i, target.lang)) is not None]
    for name in ("layout.toml", "layout.html", "layout.css"):
        found = kit.find(Path("layouts") / product.layout / name)
        files += [found] if found else []
    files += [face.path for face in kit.fonts]
    files += [product.cover_image] if product.cover_image else []
    return files


def load_target_sections(target: Target) -> tuple[list[Section], Section | None]:
    """The product's sections in the target's language, and its back-cover section."""
    from zinegen.sections import load_sections

    product = target.product
    sections = load_sections(target.kit, product.sections, target.lang)
    back = None
    if product.back_cover:
        back = load_sections(target.kit, (product.back_cover,), target.lang)[0]
    return sections, back


def compose_target(target: Target, sections: list[Section], back: Section | None) -> str:
    """The HTML for one target: its layout filled with its sections."""
    from zinegen.compose import compose_html

    return compose_html(
        target.kit, target.product, target.layout, sections, target.lang, target.paper, back
    )


def build_target(target: Target) -> BuildResult:
    """Check, render, write the reading PDF, impose and write the print PDF."""
    from zinegen import preflight
    from zinegen.impose import impose_pdf
    from zinegen.outputs import write_together
    from zinegen.render import render

    started = time.perf_counter()
    kit, product = target.kit, target.product
    sections, back = load_target_sections(target)
    problems = preflight.check_characters(kit, product, sections + ([back] if back else []))
    if problems:
        raise ZinegenError(problems, exit_code=1)
    html = compose_target(target, sections, back)
    rendered = render(html, kit.root, kit.allowed_roots, source=kit.config_file)
    if rendered.problems:
        raise ZinegenError(rendered.problems)
    reading = rendered.document.write_pdf()
    problems = preflight.check_one_page(
        rendered.document, target.layout, sections + ([back] if back else []), kit.config_file
    )
    problems += preflight.check_embedded_fonts(reading, kit.fonts, kit.config_file)
    if problems:
        raise ZinegenError(problems, exit_code=1)
    sheet = sheet_size_pt(target.paper, target.layout.sheet_orientation)
    layout = target.layout
    printed = impose_pdf(reading, layout.imposition, sheet, layout.grid, layout.crop_marks)
    write_together({target.reading_pdf: reading, target.print_pdf: printed.pdf})
    return BuildResult(
        target=target,
        pages=len(rendered.document.pages),
        sheet_sides=printed.sides,
        blank_pages=printed.blanks,
        reading_bytes=len(reading),
        print_bytes=len(printed.pdf),
        seconds=time.perf_counter() - started,
        warnings=tuple(rendered.warnings),
    )


def build(request: BuildRequest) -> list[BuildResult]:
    """Load the kit, plan and build every target."""
    kit = load_kit(request.kit_dir)
    return [build_target(target) for target in plan(kit, request)]
