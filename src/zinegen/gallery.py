"""One page showing what a build made: each product's pages as thumbnails, its PDFs, the
body size chosen for it, and its warnings and problems.

`zinegen build --gallery` writes it as OUT/index.html, a plain page to put on a website
beside the PDFs; `zinegen serve` serves the same page with a small script that keeps it
current. Everything taken from the kit is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from zinegen.builds import Outcome
from zinegen.errors import Problem, relative_to
from zinegen.model import Target
from zinegen.outputs import file_size

THUMBS = "thumbs"  # OUT/<lang>/thumbs/<reading pdf stem>-<page>.png
THUMB_HEIGHT_PX = 320  # drawn at twice the height the page shows them, for sharp screens


@dataclass(frozen=True)
class Link:
    """A file of a product, as the page links it: its address from the page, and size."""

    href: str
    size: str


@dataclass(frozen=True)
class Thumb:
    src: str
    alt: str
    page: int


@dataclass(frozen=True)
class Shown:
    """A problem as the page says it: where (a path inside the kit), what, what to do."""

    where: str
    message: str
    hint: str


@dataclass
class Entry:
    """One product in one language, as the page shows it."""

    name: str
    title: str
    lang: str
    layout: str
    reading: Link | None = None
    printed: Link | None = None
    ticket: Link | None = None
    thumbs: list[Thumb] = field(default_factory=list)
    fit_line: str = ""
    warnings: list[Shown] = field(default_factory=list)
    problems: list[Shown] = field(default_factory=list)  # why its last build failed


def thumb_paths(target: Target) -> list[Path]:
    """The thumbnails of a target's reading PDF on disk, in page order."""
    folder = target.reading_pdf.parent / THUMBS
    stem = target.reading_pdf.stem
    found = []
    for path in folder.glob(f"{stem}-*.png"):
        number = path.stem.removeprefix(f"{stem}-")
        if number.isdigit():
            found.append((int(number), path))
    return [path for _, path in sorted(found)]


def write_thumbnails(target: Target) -> list[Path]:
    """Draw each page of a target's reading PDF as a PNG beside it (in thumbs/), and
    remove those of pages it no longer has."""
    import pypdfium2

    from zinegen.outputs import write_atomically

    folder = target.reading_pdf.parent / THUMBS
    stem = target.reading_pdf.stem
    written = []
    document = pypdfium2.PdfDocument(target.reading_pdf.read_bytes())
    try:
        for index in range(len(document)):
            page = document[index]
            scale = THUMB_HEIGHT_PX / page.get_height()
            image = page.render(scale=scale).to_pil()
            path = folder / f"{stem}-{index + 1}.png"
            write_atomically(path, _png(image))
            written.append(path)
    finally:
        document.close()
    for path in thumb_paths(target):
        if path not in written:
            path.unlink(missing_ok=True)
    return written


def _png(image) -> bytes:
    from io import BytesIO

    stream = BytesIO()
    image.save(stream, format="PNG", optimize=True)
    return stream.getvalue()


def entry(target: Target, out_root: Path, outcome: Outcome | None = None) -> Entry:
    """What the page shows of a target: the files on disk (the last good build's, when
    this one failed), and what the build said."""
    kit, product = target.kit, target.product
    shown = Entry(product.name, product.title, target.lang, product.layout)
    shown.reading = _link(target.reading_pdf, out_root)
    shown.printed = _link(target.print_pdf, out_root)
    shown.ticket = _link(target.ticket, out_root)
    if shown.reading is not None:
        version = _version(target.reading_pdf)
        paths = thumb_paths(target)
        labels = _labels(target, len(paths))
        shown.thumbs = [
            Thumb(
                f"{_href(path, out_root)}?v={version}",
                f"{product.title}, {label}",
                number,
            )
            for number, (path, label) in enumerate(zip(paths, labels, strict=True), start=1)
        ]
    if outcome is not None and outcome.result is not None:
        shown.fit_line = outcome.result.fit_line
        shown.warnings = [said(w, kit.root) for w in dict.fromkeys(outcome.result.warnings)]
    if outcome is not None and outcome.result is None:
        shown.problems = [said(p, kit.root) for p in outcome.problems]
        shown.warnings = [said(w, kit.root) for w in outcome.warnings]
    return shown


def _labels(target: Target, count: int) -> list[str]:
    """How alt text names each page: "panel 1 of 6", "front (1 of 2)", "page 3 of 12"."""
    layout = target.layout
    labels = []
    for number in range(1, count + 1):
        if layout.fixed and len(layout.box_labels) == count:
            label = layout.box_labels[number - 1]
            if re.fullmatch(rf".* {number}", label):
                labels.append(f"{label} of {count}")
            else:
                labels.append(f"{label} ({number} of {count})")
        else:
            labels.append(f"page {number} of {count}")
    return labels


def said(problem: Problem, kit_root: Path) -> Shown:
    """A problem for the page. Its file is named inside the kit: the page may go on a
    website, where the folders of the computer that built it have no business."""
    where = ""
    if problem.file is not None:
        path = Path(problem.file)
        resolved = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
        inside = relative_to(resolved, kit_root.resolve())
        where = inside.as_posix() if not inside.is_absolute() else path.name
        where += f", line {problem.line}" if problem.line else ""
    return Shown(where, problem.message, problem.hint)


def _link(path: Path, out_root: Path) -> Link | None:
    if not path.is_file():
        return None
    return Link(_href(path, out_root), file_size(path.stat().st_size))


def _href(path: Path, out_root: Path) -> str:
    from urllib.parse import quote

    return quote(path.resolve().relative_to(out_root.resolve()).as_posix())


def _version(path: Path) -> str:
    """A short digest of a file, put in the thumbnails' addresses so a browser never shows
    a thumbnail of an earlier build from its cache."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("zinegen", "."),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)

LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "pt": "Português"}


def render_page(
    entries: list[Entry],
    title: str,
    live: bool = False,
    failure: list[Shown] | None = None,
    version: int = 0,
) -> str:
    """The page: products grouped by language. `live` adds the script that keeps it
    current while `zinegen serve` runs (`version` tells it which build the page shows);
    `failure` says why the kit could not be read (the files shown are then from the last
    build that could)."""
    languages: dict[str, list[Entry]] = {}
    for shown in entries:
        languages.setdefault(shown.lang, []).append(shown)
    return _environment.get_template("gallery.html").render(
        title=title,
        languages=languages,
        language_names=LANGUAGE_NAMES,
        live=live,
        failure=failure or [],
        version=version,
    )


def refresh_thumbnails(outcome: Outcome) -> None:
    """Draw a target's thumbnails when its PDFs were just built, or when it has none yet
    (of the PDFs an earlier build left); an up-to-date target keeps those drawn from the
    same PDFs."""
    target, result = outcome.target, outcome.result
    fresh = result is not None and not result.up_to_date
    if (fresh or not thumb_paths(target)) and target.reading_pdf.is_file():
        write_thumbnails(target)


def write_gallery(outcomes: list[Outcome], out_root: Path, title: str) -> Path:
    """Thumbnails for the targets just built, then OUT/index.html listing every target."""
    from zinegen.outputs import write_atomically

    for outcome in outcomes:
        refresh_thumbnails(outcome)
    entries = [entry(o.target, out_root, o) for o in outcomes]
    page = out_root / "index.html"
    write_atomically(page, render_page(entries, title).encode())
    return page
