"""The stages in order: plan the targets, then build each from its own inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zinegen.errors import Problem, ZinegenError, fail, relative_to
from zinegen.geometry import PT_PER_MM, sheet_size_pt
from zinegen.kit import RESOURCES_SECTION, load_kit
from zinegen.kit.baddates import dated
from zinegen.model import PAPERS, BuildResult, Kit, Layout, Product, Section, Target
from zinegen.outputs import BUILD_ID_KEY, OutputFolder


@dataclass(frozen=True, slots=True)
class BuildRequest:
    """What the user asked for; None means the kit's default."""

    kit_dir: Path | None = None
    products: tuple[str, ...] = ()
    lang: str | None = None  # a code, "all", or None for the kit's first language
    paper: str | None = None
    out: Path | None = None  # None: the kit's build/ folder
    allow_overflow: bool = False  # a fixed box that does not fit warns instead of failing
    bleed_mm: float = 0.0  # print-shop output: colour past the trim, TrimBox and BleedBox
    marks: bool = False  # crop marks outside the trim on the print sheets
    as_of: dt.date | None = None  # a bad date sheet's edition date (None: today)


def output_folder(kit: Kit, out: Path | None) -> Path:
    """Where a build writes: --out, else build/ beside the kit's zine.toml. The built-in kit
    installed as a package writes to ./build instead."""
    installed = kit.is_builtin and kit.root.name == "builtin"
    folder = out if out is not None else (Path("build") if installed else kit.root / "build")
    check_output_folder(kit, folder, given=out is not None)
    return folder


def check_output_folder(kit: Kit, folder: Path, given: bool = True) -> None:
    """A build never writes into a kit's content/ or layouts/, into zinegen's own files or
    into another kit's folder."""
    from zinegen.kit import CONFIG_NAME, builtin_dir

    named = f"--out {folder}" if given else f"the output folder {folder}"
    target = folder.resolve()
    builtin = builtin_dir().resolve()
    for root in dict.fromkeys((kit.root, builtin)):
        for part in ("content", "layouts", "fonts"):
            if target.is_relative_to(root / part):
                fail(
                    f"{named} is inside {root / part}, where a kit keeps its sources.",
                    "write the PDFs somewhere else, e.g. the kit's build/ folder (the default).",
                )
    if builtin.name == "builtin" and target.is_relative_to(builtin.parent):
        fail(
            f"{named} is inside the installed zinegen package.",
            "write the PDFs into a folder of your own, e.g. --out build.",
        )
    for parent in (target, *target.parents):
        if parent == kit.root:
            break  # inside this kit: its own build folder
        if (parent / CONFIG_NAME).is_file():
            fail(
                f"{named} is inside another kit ({parent}), whose PDFs it would replace.",
                f"leave out --out to write into {kit.root / 'build'}, or choose a folder "
                "outside that kit.",
            )


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
    out = output_folder(kit, request.out)
    # A paper other than the kit's own gets its name in the file name, so a letter and an A4
    # build of the same kit sit side by side.
    suffix = "" if paper == kit.paper else f"-{paper}"
    # Print-shop files are not office files: their names say so, and neither replaces
    # the other.
    suffix += f"-bleed{request.bleed_mm:g}mm" if request.bleed_mm else ""
    suffix += "-marks" if request.marks else ""
    today = dt.date.today()
    targets = []
    for name in names:
        product = kit.products[name]
        layout = kit.layouts[product.layout]
        # An earlier edition of a dated product is named for its day: it never replaces
        # the current one.
        earlier = dated(product) and request.as_of not in (None, today)
        named = f"{name}-{request.as_of}" if earlier else name
        for lang in languages:
            folder = out / lang
            targets.append(
                Target(
                    kit=kit,
                    product=product,
                    layout=layout,
                    lang=lang,
                    paper=paper,
                    reading_pdf=folder / f"{named}{suffix}.pdf",
                    print_pdf=folder / f"{named}{suffix}-print.pdf",
                    bleed_mm=request.bleed_mm,
                    marks=request.marks,
                    as_of=request.as_of,
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


def load_target_sections(target: Target) -> tuple[list[Section], Section | None]:
    """The product's sections in the target's language, and its back-cover section."""
    from zinegen.kit.sections import product_sections

    product = target.product
    sections = product_sections(
        target.kit, product.sections, target.lang, product, target.layout, target.edition
    )
    back = None
    if product.back_cover:
        back = product_sections(target.kit, (product.back_cover,), target.lang)[0]
    return sections, back


def compose_target(
    target: Target,
    sections: list[Section],
    back: Section | None,
    measure: bool = False,
    notes_pages: int = 0,
    body_pt: float | None = None,
) -> str:
    """The HTML for one target: its layout filled with its sections, its body text at
    `body_pt` where the layout lets zinegen choose."""
    from zinegen.compose import compose_html

    return compose_html(
        target.kit,
        target.product,
        target.layout,
        sections,
        target.lang,
        target.paper,
        back,
        measure,
        notes_pages,
        body_pt,
        target.bleed_mm,
        target.edition,
    )


@dataclass
class Checked:
    """A target laid out and preflighted, nothing written yet."""

    reading_pdf: bytes
    pages: int
    problems: list[Problem]  # each fails the build (exit 1)
    overflows: list[Problem]  # fixed boxes that do not fit: fail unless --allow-overflow
    warnings: list[Problem]  # said, and failing the build only with --strict
    grade_line: str = ""
    steps: list[str] = field(default_factory=list)  # what each stage did, for -v
    notes_pages: int = 0  # pages for notes added to fill a booklet's last sheet
    fit_line: str = ""  # the body size chosen to fill fixed boxes, and the fullest box
    body_pt: float | None = None  # that size
    read: tuple[str, ...] = ()  # files WeasyPrint read: pictures, fonts, stylesheets
    content_line: str = ""  # what generated sections printed (a sheet's reports)


class Steps:
    """What each stage did and how long it took, for `-v`."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._since = time.perf_counter()

    def done(self, what: str) -> None:
        now = time.perf_counter()
        self.lines.append(f"{what} ({now - self._since:.2f} s)")
        self._since = now  # "reading grade 3.7 (Flesch-Kincaid), ...", when asked for


def check_target(target: Target, grade: bool = False, body_hint: float | None = None) -> Checked:
    """Lay out a target and run every preflight check on it; write nothing.

    With `grade`, also measure its reading grade, and warn when a worker-facing product reads
    above the kit's (`zinegen check` does; it costs a second the first time, to load a
    pronouncing dictionary).
    """
    from zinegen import images, preflight, words
    from zinegen.compose import Box, in_language, language_warnings, make_boxes
    from zinegen.impose import pages_per_sheet
    from zinegen.render import portable, render, weasyprint_messages

    kit, product, layout = target.kit, target.product, target.layout
    steps = Steps()
    sections, back = load_target_sections(target)
    printed = sections + ([back] if back else [])
    steps.done(f"read {len(printed)} section{'s' * (len(printed) != 1)}")
    problems = preflight.check_characters(kit, product, printed)
    if layout.fixed:
        problems += preflight.check_text_volume(
            product, layout, make_boxes(layout, product, sections)
        )
    else:
        problems += preflight.check_text_volume(product, layout, [Box(0, product.name, printed)])
    if problems:  # stop before rendering: a system font, or minutes of layout
        raise ZinegenError(problems, exit_code=1)

    from zinegen.compose import stylesheet_paths

    styles = [pair for path in stylesheet_paths(kit, layout) for pair in _stylesheet(kit, path)]
    said = frozenset(message for message, _ in styles)

    composed: list[str] = []

    body_pt: float | None = None

    def render_target(measure: bool = False, notes_pages: int = 0, size: float | None = None):
        trial = size is not None  # a size tried while choosing one: not what is printed
        html = compose_target(
            target, sections, back, measure, notes_pages, size if trial else body_pt
        )
        if not trial:
            composed.append(html)
        try:
            rendered = render(
                html,
                kit.root,
                kit.allowed_roots,
                kit.config_file,
                said,
                title=in_language(kit, product, target.lang)[0].title,
                author=kit.organization.name,
                blame=lambda url: _asked_for(url, printed, kit),
            )
        except (ZinegenError, MemoryError):
            raise
        except Exception as error:  # WeasyPrint tripped: on the kit's own CSS, if it has any
            _layout_failed(kit, layout, error)
        if rendered.problems:
            raise ZinegenError(rendered.problems)
        return rendered

    fit_line, fit_renders = "", 0
    if layout.body_size_pt and (layout.fixed or layout.max_pages):
        trials: list[float] = []

        def fills_at(size: float) -> dict[int, float]:
            trials.append(size)
            if not layout.fixed:  # pages that flow: how much of the pages allowed they take
                pages = len(render_target(size=size).document.pages)
                return {1: pages / layout.max_pages}  # type: ignore[operator]
            measured = render_target(measure=True, size=size).document
            return preflight.box_fills(measured, layout, target.paper)

        body_pt, fills = fill_boxes(layout.body_size_pt, fills_at, body_hint)
        fit_renders = len(trials)
        fit_line = _fit_line(layout, body_pt, fills)
        steps.done(f"{fit_line}, from {fit_renders} trial layout{'s' * (fit_renders != 1)}")
    rendered = render_target()
    notes_pages = 0
    multiple = pages_per_sheet(layout.imposition)
    if not layout.fixed and len(rendered.document.pages) % multiple:
        # Fill the last sheet with pages for notes before the back cover, laid out again so
        # the contents and page numbers count them: the reading PDF has the printed pages.
        notes_pages = -len(rendered.document.pages) % multiple
        padded = render_target(notes_pages=notes_pages)
        if len(padded.document.pages) % multiple == 0:
            composed[:] = composed[-1:]
            rendered = padded
        else:  # a kit's own template without the notes pages: blanks go in when imposing
            composed.pop()
            notes_pages = 0
    document = rendered.document
    warnings = [problem for _, problem in styles] + list(rendered.warnings)
    pages = len(document.pages)
    steps.done(f"laid out {pages} page{'s' * (pages != 1)} with WeasyPrint")
    problems = preflight.check_one_page(document, layout, printed, kit.config_file)
    overflows = []
    warnings += [warning for section in printed for warning in section.warnings]
    warnings += words.review_warnings(printed, kit, dt.date.today())
    warnings += placeholder_warnings(kit, layout)
    warnings += language_warnings(kit, product, target.lang)
    if layout.fixed:
        boxes = make_boxes(layout, product, sections)
        spans = preflight.box_pages(document)
        template = kit.find(f"layouts/{layout.name}/layout.html")
        preflight.check_box_markers(spans, layout, template, composed[0])
        problems += words.check_outside_faces(
            document, spans, kit, product, layout, boxes, target.lang
        )
        if product.discreet and layout.outside and not words.has_own_words(kit, target.lang):
            warnings.append(
                Problem(
                    f"the outside faces of '{target.lang}' products are checked for English "
                    "words only.",
                    "list words that would out a reader in that language as [checks] "
                    f'revealing_words.{target.lang} = ["...", "..."] in zine.toml.',
                    kit.config_file,
                )
            )
        spilled = [number for number, pages in spans.items() if len(pages) > 1]
        if spilled:  # measure exactly how far, on pages too tall to break
            measured = render_target(measure=True).document
            overflows = preflight.check_overflow(
                measured, layout, target.paper, product.name, boxes, spilled, kit.config_file
            )
            # One page per box: what ran over is cut off (allowed only with a warning).
            document = document.copy([document.pages[pages[0]] for pages in spans.values()])
            steps.done(f"measured how far boxes {', '.join(map(str, spilled))} run over")
        warnings += preflight.empty_boxes(boxes, product.name, kit.config_file)
        labels, noun = [box.label for box in boxes], layout.box_noun
    else:
        labels, noun = [f"page {n}" for n in range(1, len(document.pages) + 1)], "page"
    overflows += preflight.check_edges(
        document, labels, noun, product.name, printed, kit.config_file
    )
    if layout.max_pages and len(document.pages) > layout.max_pages:
        overflows += preflight.check_page_count(document, layout, product.name, printed, body_pt)
    overflows += preflight.check_unsplit(document, product.name, printed, kit.config_file)
    # pictures that would print badly: a logo lost on its cover, a blurry raster
    warnings += images.check_logo_contrast(document, product.name, labels, kit)
    warnings += images.check_resolution(document, product.name, labels, printed, kit)
    undrawn = preflight.check_drawn_characters(
        document,
        kit,
        stylesheet_paths(kit, layout),
        kit.find(f"layouts/{layout.name}/layout.html"),
    )
    problems += undrawn
    if kit.resources_file is not None and RESOURCES_SECTION in product.sections:
        from zinegen.kit.resources import stale_warning

        old = stale_warning(
            list(kit.resources),
            kit.resources_max_age_days,
            dt.date.today(),
            kit.resources_file,
        )
        warnings += [old] if old else []
        chosen = next(s for s in sections if s.id == RESOURCES_SECTION)
        if not any(key.startswith("res-") for key in chosen.meta):
            warnings.append(_nothing_chosen(kit, product))
    problems += preflight.check_text_size(
        document, layout.min_font_pt, product.name, kit.find(f"layouts/{layout.name}/layout.css")
    )
    steps.done("checked fit and edges, characters, outside faces, reviews, contacts, text sizes")
    # Both PDFs carry an id of what they are made from (impose_pdf copies it), so a pair
    # from two builds can be told apart, and the same kit still gives the same bytes.
    html = portable(composed[0], kit.allowed_roots)
    document.metadata.custom = {BUILD_ID_KEY: _build_id(html, rendered.inputs)}
    with weasyprint_messages() as drawing:
        reading = document.write_pdf(**READING_PDF_OPTIONS)
    for message in dict.fromkeys(drawing.messages):  # said by WeasyPrint while drawing
        if ".notdef" in message:  # an empty box where a character should be
            problems.append(Problem(f"{product.name}: {message}.", preflight.FONT_HINT))
        elif no_alt := re.match(r'Image "(.*)" has no required alt description', message):
            warnings += _no_alt_text(no_alt.group(1), target, printed)
        else:
            warnings.append(Problem(message))
    if not undrawn:  # a character no font has brings in a system font: said already
        problems += preflight.check_embedded_fonts(reading, kit.fonts, kit.config_file)
    steps.done(f"made the reading PDF ({len(reading) // 1024} KB) and checked its fonts")
    grade_line = ""
    if grade:
        grade_line, too_hard = words.grade_report(
            words.reading_grade(printed, target.lang), product.name, kit
        )
        warnings += [too_hard] if too_hard else []
        steps.done("measured the reading grade")
    return Checked(
        reading,
        len(document.pages),
        problems,
        overflows,
        warnings,
        grade_line,
        steps.lines,
        notes_pages,
        fit_line,
        body_pt,
        rendered.read,
        "; ".join(s.said for s in sections if s.said),
    )


SIZE_STEP_PT = 0.25  # body sizes tried: a quarter point is below what a reader sees


# A remembered size is kept, after one layout, when its fullest box is at least this full:
# a quarter point more would not fit.
FULL_ENOUGH = 0.95


def fill_boxes(
    size_range: tuple[float, float],
    fills_at: Callable[[float], dict[int, float]],
    hint: float | None = None,
) -> tuple[float, dict[int, float]]:
    """The largest body size in the range, in quarter points, at which every box fits, with
    how full each box is at it; the smallest size when none fits (preflight then says by
    how much). `fills_at` lays the boxes out at a size and measures them; text grows with
    its size, so a binary search needs a few layouts, not one per size. `hint`, the size
    chosen last time, is tried first: when the boxes still fit it and are nearly full (or
    it is the largest), one layout confirms it."""
    smallest, largest = size_range
    sizes = [smallest + SIZE_STEP_PT * i for i in range(int((largest - smallest) / SIZE_STEP_PT))]
    sizes.append(largest)
    measured: dict[float, dict[int, float]] = {}

    def fits(size: float) -> bool:
        if size not in measured:  # each size laid out once
            measured[size] = fills_at(size)
        return max(measured[size].values(), default=0.0) <= 1.0

    if hint in sizes and fits(hint):
        fullest = max(measured[hint].values(), default=0.0)
        if hint == largest or fullest >= FULL_ENOUGH:
            return hint, measured[hint]
    if fits(sizes[-1]):
        return sizes[-1], measured[sizes[-1]]
    if not fits(sizes[0]):
        return sizes[0], measured[sizes[0]]
    low, high = 0, len(sizes) - 1  # sizes[low] fits, sizes[high] does not
    if hint in measured:  # what the hint showed narrows the search
        if fits(hint):
            low = sizes.index(hint)
        else:
            high = sizes.index(hint)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(sizes[middle]):
            low = middle
        else:
            high = middle
    return sizes[low], measured[sizes[low]]


def _fit_line(layout: Layout, body_pt: float, fills: dict[int, float]) -> str:
    """What the size search chose, for the build summary: the size, its range, and the box
    that set it."""
    smallest, largest = layout.body_size_pt or (body_pt, body_pt)
    fullest = max(fills, key=fills.get) if fills else None
    line = f"body text {body_pt:g} pt (range {smallest:g}-{largest:g})"
    if not layout.fixed and layout.max_pages and fills:
        pages = round(fills[1] * layout.max_pages)
        return line + f", {pages} of {layout.max_pages} page{'s' * (layout.max_pages != 1)}"
    if fullest is not None:
        line += f", fullest {layout.box_labels[fullest - 1]} {fills[fullest]:.0%}"
    return line


# The reading PDF is tagged as PDF/UA-1 asks (a structure tree from the HTML, every mark on a
# page tagged or an artifact, /Lang, the title shown, alt text for pictures), so screen
# readers and reflowing viewers can read it. Its /ID is a digest of its content: the same
# inputs give the same bytes.
READING_PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True, "custom_metadata": True}


def _no_alt_text(url: str, target: Target, sections: list[Section]) -> list[Problem]:
    """A picture with no alt text, as WeasyPrint saw it while tagging: a screen reader
    cannot say what it shows. A section's pictures were pointed out when it was read."""
    from zinegen.render import shown_url

    kit, product = target.kit, target.product
    if _asked_for(url, sections, kit) is not None:
        return []
    if product.cover_image is not None and url == product.cover_image.as_uri():
        from zinegen.kit import Checker

        return [
            Problem(
                f"the cover image of {product.name} has no alt text, so screen readers "
                "cannot say what it shows.",
                f'describe it in a few words: cover_alt = "..." under [products.{product.name}].',
                kit.config_file,
                Checker(kit.config_file, kit.config_text).line_of(
                    f"products.{product.name}.cover_image"
                ),
            )
        ]
    template = kit.find(f"layouts/{target.layout.name}/layout.html")
    return [
        Problem(
            f"the picture {shown_url(url, kit.root)} in the {target.layout.name} layout has no "
            "alt text, so screen readers cannot say what it shows.",
            'give its <img> an alt="..." that says what it shows.',
            template,
        )
    ]


def _layout_failed(kit: Kit, layout: Layout, error: Exception) -> None:
    """WeasyPrint stopped with an error of its own. With the built-in layouts alone that
    is a bug to report (raised on); with the kit's own stylesheets or templates in play,
    those are named, as the likely cause, and the build stops (exit 2)."""
    from zinegen.compose import stylesheet_paths

    own = (
        []
        if kit.is_builtin
        else [
            path
            for path in (
                *stylesheet_paths(kit, layout),
                kit.find(f"layouts/{layout.name}/layout.html"),
            )
            if path is not None and path.is_relative_to(kit.root)
        ]
    )
    if not own:
        raise error
    names = ", ".join(str(relative_to(path, kit.root)) for path in own)
    raise ZinegenError(
        [
            Problem(
                f"WeasyPrint could not lay out the {layout.name} with the kit's own "
                f"{'files' if len(own) > 1 else 'file'} ({names}): "
                f"{type(error).__name__}: {error}.",
                "a rule there is likely the cause: undo the last change to it, or move the "
                "file away to build with the built-in look, then build again.",
                own[-1],
            )
        ],
        exit_code=2,
    )


def _build_id(html: str, inputs: str) -> str:
    from importlib.metadata import version

    made_by = f"zinegen {version('zinegen')} weasyprint {version('weasyprint')}"
    return hashlib.sha256(f"{made_by}\n{inputs}\n{html}".encode()).hexdigest()[:16]


def _asked_for(url: str, sections: list[Section], kit: Kit) -> tuple[Path, int | None] | None:
    """The section or stylesheet that asks for an address, and the line, where it is found."""
    from urllib.parse import unquote

    names = {url, unquote(url), Path(unquote(url.removeprefix("file://"))).name}
    for section in sections:
        for name in names:
            if name and name in section.html:
                return section.source, section.line_of(re.compile(re.escape(name)))
    for path, text in kit.stylesheet_texts.items():
        for number, line in enumerate(text.splitlines(), start=1):
            if any(name and name in line for name in names):
                return path, number
    return None


def _stylesheet(kit: Kit, path: Path) -> tuple[tuple[str, Problem], ...]:
    """What WeasyPrint ignores in a stylesheet: as read with the kit, or read now."""
    from zinegen.render import KitFetcher, check_stylesheet

    if path in kit.stylesheet_problems:
        return kit.stylesheet_problems[path]
    return tuple(check_stylesheet(path, KitFetcher(kit.allowed_roots)))


def _nothing_chosen(kit: Kit, product: Product) -> Problem:
    """A product that lists local-resources but picks none: say why, and what to do."""
    tags = product.resources.tags
    if tags:
        listed = " or ".join(f"'{t}'" for t in tags)
        why = f"no entry has the tag {listed}"
        fix = f"add tags: [{tags[0]}] to the entries it should print"
    else:
        why = "no entry is meant for it (its categories or products leave none)"
        fix = f"check [products.{product.name}] resources in zine.toml"
    return Problem(
        f"{product.name} prints no local resources: {why}.",
        f"to show some, {fix}.",
        kit.resources_file,
    )


def placeholder_warnings(kit: Kit, layout: Layout) -> list[Problem]:
    """An organization's kit still carrying example contacts, or none at all, where a
    product prints its contact block. (The built-in kit is a sample: README.md says so.)"""
    from zinegen.kit import Checker

    org = kit.organization
    if kit.is_builtin or (layout.contact_box is None and layout.fixed):
        return []
    checker = Checker(kit.config_file, kit.config_text)
    if not (org.phone or org.text or org.url or org.contact):
        return [
            Problem(
                f"[organization] has no phone, text, url or contact lines, so the "
                f"{layout.name} gives no way to reach you.",
                'set phone = "..." (and text, url) under [organization].',
                kit.config_file,
                checker.line_of("organization"),
            )
        ]
    reports = kit.baddate_settings
    warnings = []
    for table, numbers, url in (
        ("organization", (("phone", org.phone), ("text", org.text)), ("url", org.url)),
        (
            "baddates",
            (("phone", reports.phone), ("text", reports.text)),
            ("report_url", reports.report_url),
        ),
    ):
        fictional = [
            f"{key} {value}"
            for key, value in numbers
            if re.search(r"(^|\D)555[-. ]?01\d\d(\D|$)", value)
        ]
        # RFC 2606's names for examples: example.org/.com/.net and the .example, .test TLDs
        if re.match(
            r"https?://([^/]*\.)?(example\.(org|com|net)|[^/]*\.(example|test|invalid))(/|$)",
            url[1],
            re.IGNORECASE,
        ):
            fictional.append(f"{url[0]} {url[1]}")
        if fictional:
            warnings.append(
                Problem(
                    f"[{table}] {', '.join(fictional)} "
                    f"{'is an example' if len(fictional) == 1 else 'are examples'}, not real.",
                    "set your organization's own before you print.",
                    kit.config_file,
                    checker.line_of(f"{table}.{fictional[0].split()[0]}"),
                )
            )
    return warnings


@dataclass
class Made:
    """A target's files, laid out, imposed and checked, not written yet."""

    files: dict[Path, bytes]  # reading PDF, print PDF, job ticket
    result: BuildResult
    read: tuple[str, ...] = ()  # files WeasyPrint read for it


def make_target(
    target: Target,
    allow_overflow: bool = False,
    strict: bool = False,
    body_hint: float | None = None,
) -> Made:
    """Check, then make the reading PDF, the imposed print PDF and the job ticket, writing
    nothing (a worker process can make a target; the build writes it). With `strict`, a
    warning fails the target too (exit 1). `body_hint`: the body size chosen last time."""
    from zinegen.impose import FOLDED, Finish, impose_pdf
    from zinegen.ticket import job_ticket

    started = time.perf_counter()
    checked = check_target(target, body_hint=body_hint)
    warnings = checked.warnings
    if allow_overflow:
        warnings += [
            Problem(f"{p.message} The PDF cuts it off.", p.hint, p.file, p.line)
            for p in checked.overflows
        ]
    else:
        checked.problems[:0] = checked.overflows
    if checked.problems:
        raise ZinegenError(checked.problems, exit_code=1)
    if strict and warnings:
        raise ZinegenError(warnings, exit_code=1)
    steps = Steps()
    layout = target.layout
    sheet = sheet_size_pt(target.paper, layout.sheet_orientation)
    finish = Finish(
        bleed_pt=target.bleed_mm * PT_PER_MM,
        marks=target.marks,
        guides=layout.imposition in FOLDED,
    )
    printed = impose_pdf(
        checked.reading_pdf, layout.imposition, sheet, layout.grid, layout.crop_marks, finish
    )
    steps.done(f"imposed {checked.pages} pages on {printed.sides} sheet sides")
    # The job ticket goes with the pair, in the same atomic write: never a ticket that
    # describes another build's print PDF.
    files = {
        target.reading_pdf: checked.reading_pdf,
        target.print_pdf: printed.pdf,
        target.ticket: job_ticket(target, printed.sides).encode(),
    }
    result = BuildResult(
        target=target,
        pages=checked.pages,
        sheet_sides=printed.sides,
        blank_pages=printed.blanks,
        notes_pages=checked.notes_pages,
        fit_line=checked.fit_line,
        body_pt=checked.body_pt,
        reading_bytes=len(checked.reading_pdf),
        print_bytes=len(printed.pdf),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        steps=tuple(checked.steps + steps.lines),
        content_line=checked.content_line,
    )
    return Made(files, result, checked.read)


def build_target(
    target: Target,
    allow_overflow: bool = False,
    strict: bool = False,
    out: OutputFolder | None = None,
    body_hint: float | None = None,
) -> BuildResult:
    """Make a target and write its files (into `out`, held for a whole build, or else
    held for this target only)."""
    made = make_target(target, allow_overflow, strict, body_hint)
    if out is None:
        with OutputFolder(output_root([target])) as alone:
            alone.write(made.files)
    else:
        out.write(made.files)
    return made.result


def build(request: BuildRequest) -> list[BuildResult]:
    """Load the kit, plan and build every target (holding the output folder meanwhile)."""
    kit = load_kit(request.kit_dir, stylesheets=True)
    targets = plan(kit, request)
    with OutputFolder(output_root(targets)) as out:
        return [build_target(t, request.allow_overflow, out=out) for t in targets]


def output_root(targets: list[Target]) -> Path:
    """The folder a build writes into (each language in a folder of its own below it)."""
    return targets[0].reading_pdf.parent.parent
