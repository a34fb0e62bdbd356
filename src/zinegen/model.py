"""Plain values passed between the pipeline stages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from zinegen.errors import Problem

PAPERS = ("letter", "a4")


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    contact: str = ""  # free lines: hotline, address, website
    logo: Path | None = None
    logo_on_dark: Path | None = None  # a light version, for covers in the accent colour
    phone: str = ""  # a number to call, printed large on the card
    text: str = ""  # a number to text (SMS)
    url: str = ""  # the organization's web address, printed as a QR code on the card
    contacts: Mapping[str, str] = field(default_factory=dict)  # contact, per language


@dataclass(frozen=True, slots=True)
class Colophon:
    """Who made and reviewed a kit's materials, and the licence of its words."""

    made_with: str = ""  # printed as written, e.g. "Made with the Riverbend peer group"
    reviewed_by: str = ""  # printed as written, e.g. "Reviewed by the peer advisory group"
    licence: str = ""  # of the kit's own text, e.g. "CC BY 4.0"


@dataclass(frozen=True, slots=True)
class Checks:
    """The kit's settings for the content checks."""

    review_months: int = 12  # a section reviewed longer ago than this gets a warning
    reading_grade: float = 8.0  # worker-facing products should read at or below this grade
    revealing_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # per language


@dataclass(frozen=True, slots=True)
class Resource:
    """One entry of resources.yaml (or a row of resources.csv), checked."""

    number: int  # 1-based entry number in resources.yaml
    name: str
    category: str
    phone: str = ""
    text: str = ""
    url: str = ""
    address: str = ""
    hours: str = ""
    languages: tuple[str, ...] = ()
    notes: str = ""
    peer_led: bool = False
    verified: dt.date | None = None
    tags: tuple[str, ...] = ()  # lower case
    products: tuple[str, ...] = ()  # empty: every product that lists local-resources
    line: int | None = None  # where the entry starts in its file, for messages
    # hours and notes given per language ({en: ..., es: ...}): hours and notes hold the first
    in_languages: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BadDate:
    """One report of baddates.yaml (or a row of baddates.csv), checked. It holds the
    fields a bad date sheet prints and nothing else: no field that could say who reported."""

    number: int  # 1-based report number in the file
    date: dt.date  # when it happened, or was reported
    warning: str  # the headline, printed first
    expires: dt.date  # the last day it prints
    area: str = ""  # neighbourhood, city or online platform
    description: str = ""  # of the person
    vehicle: str = ""  # make, colour, plate as reported
    contact: str = ""  # the number or handle the person used
    what_happened: str = ""
    line: int | None = None  # where the report starts in its file, for messages
    last_line: int | None = None  # and where it ends
    field_lines: Mapping[str, int | None] = field(default_factory=dict)  # and each field


@dataclass(frozen=True, slots=True)
class BadDateSettings:
    """zine.toml's [baddates]: how long reports print and how people report one."""

    keep_days: int = 90  # a report prints this many days after its date, unless it expires
    edition_days: int = 7  # an edition is valid this long: print the next one before then
    report_url: str = ""  # the organization's report form on the web, printed as a QR code
    phone: str = ""  # a number to call with a report (the organization's, if not given)
    text: str = ""  # a number to text one to


@dataclass(frozen=True, slots=True)
class ResourceChoice:
    """Which local resources a product prints, and in what order (zine.toml's
    [products.<name>] resources = {...}). Empty: every entry meant for the product."""

    categories: tuple[str, ...] = ()  # only these, in this order (else the usual order)
    tags: tuple[str, ...] = ()  # only entries with one of these tags
    limit: int | None = None  # at most this many, in printed order


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    layout: str
    title: str
    sections: tuple[str, ...]  # every section, in reading order
    new_page: frozenset[str] = frozenset()  # sections that open on a new page (booklet)
    subtitle: str = ""
    cover_image: Path | None = None
    cover_alt: str = ""  # the cover image's alt text, read out by screen readers
    back_cover: str | None = None  # id of the section printed on the back cover
    panels: tuple[tuple[str, ...], ...] = ()  # section ids per fixed box (trifold, card, zine)
    discreet: bool = True  # outside faces carry no word that would out the person carrying it
    # title and subtitle per language, where zine.toml gives them so: { en = "", es = "" }
    titles: Mapping[str, str] = field(default_factory=dict)
    subtitles: Mapping[str, str] = field(default_factory=dict)
    resources: ResourceChoice = ResourceChoice()

    @property
    def printed_ids(self) -> tuple[str, ...]:
        """Every section it prints: its sections (a fixed layout's panels among them, in
        order), then its back cover's."""
        return self.sections + ((self.back_cover,) if self.back_cover else ())


@dataclass(frozen=True, slots=True)
class FontFace:
    family: str
    path: Path
    weight: int = 400
    style: str = "normal"

    @property
    def css_family(self) -> str:
        """The name layouts use for it: private, so no installed font of the same family
        can stand in for a weight or style that is not declared."""
        return f"zinegen {self.family}"


@dataclass(frozen=True, slots=True)
class Kit:
    root: Path
    config_file: Path
    name: str
    languages: tuple[str, ...]
    paper: str
    organization: Organization
    products: Mapping[str, Product]
    search_path: tuple[Path, ...]  # the kit first, then the built-in kit
    fonts: tuple[FontFace, ...]
    resources_file: Path | None = None  # the kit's resources.yaml or resources.csv, if any
    resources_max_age_days: int = 180  # older 'verified' dates get a warning
    theme: Mapping[str, str] = field(default_factory=dict)  # accent, ink, soft colours
    colophon: Colophon = Colophon()
    checks: Checks = Checks()
    config_text: str = ""  # zine.toml as read, for messages that point at a line
    # Read once, with everything else, before anything renders:
    layouts: Mapping[str, Layout] = field(default_factory=dict)  # the products' layouts
    sections: Mapping[tuple[str, str], Section] = field(default_factory=dict)  # (lang, id)
    resources: tuple[Resource, ...] = ()  # resources.yaml or resources.csv
    resources_text: str = ""  # that file as read, for messages that point at a line
    # What WeasyPrint ignores in each stylesheet the products link: (its message, a Problem
    # with the file and line). Filled when the kit is read for a build or a check.
    stylesheet_problems: Mapping[Path, tuple[tuple[str, Problem], ...]] = field(
        default_factory=dict
    )
    stylesheet_texts: Mapping[Path, str] = field(default_factory=dict)  # for messages
    # The words layouts print by themselves, per language (strings/<lang>.toml)
    strings: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    baddates_file: Path | None = None  # the kit's baddates.yaml or baddates.csv, if any
    baddates: tuple[BadDate, ...] = ()  # its reports, checked
    baddates_text: str = ""  # that file as read, for messages that point at a line
    baddate_settings: BadDateSettings = BadDateSettings()

    def section(self, section_id: str, lang: str) -> Section | None:
        """A section in a language, the kit's own copy over the built-in one."""
        return self.sections.get((lang, section_id))

    @property
    def is_builtin(self) -> bool:
        """Whether this is zinegen's own built-in kit (its search path is itself alone)."""
        return self.search_path == (self.root,)

    def is_builtin_file(self, path: Path) -> bool:
        """Whether a file comes from zinegen's built-in kit rather than from this kit."""
        return not self.is_builtin and not path.is_relative_to(self.root)

    def find(self, relpath: str | Path) -> Path | None:
        """The first file at `relpath` along the search path, or None; never one that a link
        takes outside its folder."""
        for root in self.search_path:
            candidate = root / relpath
            if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
                return candidate
        return None

    @property
    def font_families(self) -> tuple[str, ...]:
        """The families text is set in, in order: the bundled face, then the kit's."""
        return tuple(dict.fromkeys(face.css_family for face in self.fonts))

    @property
    def allowed_roots(self) -> tuple[Path, ...]:
        """Folders the renderer may read from: the kit, the built-ins and the font files."""
        font_dirs = tuple(dict.fromkeys(face.path.parent for face in self.fonts))
        return self.search_path + font_dirs


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    html: str
    lang: str
    source: Path  # named in error messages
    summary: str = ""
    audience: str = ""
    reviewed: dt.date | None = None  # the month a person last checked it (its first day)
    meta: Mapping[str, str] = field(default_factory=dict)
    text: str = ""  # the file as read, so messages can point at a line without reading again
    # Made from kit data (the local resources), not written: no review date, no reading
    # grade, and preflight names its entries rather than its words.
    generated: bool = False
    warnings: tuple[Problem, ...] = ()  # what the sanitizer removed from it, said on build
    said: str = ""  # generated: what the build's summary says of it (a sheet's reports)

    def _front_matter_end(self, lines: list[str]) -> int:
        """The index of the line closing the front matter; 0 for a file without one."""
        if not lines or lines[0].strip() != "---":
            return 0
        return next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)

    def line_of(self, pattern: re.Pattern[str]) -> int | None:
        """The line where `pattern` first matches (it may run over several lines): in the
        body, else in the front matter."""
        lines = self.text.splitlines()
        closing = self._front_matter_end(lines)
        body = closing + 1 if closing else 0  # no front matter: the whole file is the body
        for first, part in ((body, lines[body:]), (0, lines[:body])):
            found = pattern.search("\n".join(part))
            if found:
                return first + "\n".join(part)[: found.start()].count("\n") + 1
        return None

    def key_line(self, key: str) -> int | None:
        """The line of a front matter key."""
        lines = self.text.splitlines()
        keyed = re.compile(rf"{re.escape(key)}\s*:")
        found = (n + 1 for n in range(1, self._front_matter_end(lines)) if keyed.match(lines[n]))
        return next(found, None)


@dataclass(frozen=True, slots=True)
class PrintSpec:
    """How a layout's print PDF is printed and finished, from the [print] table of its
    layout.toml: what the job ticket tells the print shop."""

    stock: Mapping[str, str] = field(default_factory=dict)  # paper -> suggested stock
    sides: str = "double"  # "single" or "double"
    flip: str = ""  # for double-sided printing: the edge the sheet turns on, "short" or "long"
    copies_per_sheet: int = 1  # cards: ten to a sheet
    steps: tuple[str, ...] = ()  # cut, fold and staple, in order


@dataclass(frozen=True, slots=True)
class Layout:
    """A physical format, read from layouts/<name>/layout.toml."""

    name: str
    folder: Path  # where layout.toml was found
    page_size_pt: Mapping[str, tuple[float, float]]  # paper -> (width, height)
    sheet_orientation: str  # "landscape" or "portrait"
    imposition: str  # a key of impose.IMPOSITIONS
    fixed: bool = False  # every page is a fixed box that preflight checks
    min_font_pt: float = 9.0
    body_size_pt: tuple[float, float] | None = None  # fixed layouts: the type size range
    max_pages: int | None = None  # flowing layouts: the most pages (a sheet: 2, a form: 1)
    needs_sections: bool = True  # false: it prints its own words (a form), sections = [] will do
    description: str = ""
    one_page: tuple[str, ...] = ()  # ids of elements that must each fit on a single page
    margin_pt: tuple[float, float, float, float] | None = None  # top, right, bottom, left
    box_labels: tuple[str, ...] = ()  # one per fixed box: "panel 1", "front", ...
    box_noun: str = "box"  # one box in hints: "move part of it to another panel"
    narrow_pages: tuple[int, ...] = ()  # 1-based boxes set narrower, e.g. a fold-in panel
    narrow_by_pt: float = 0.0
    cover_box: int | None = None  # the box that shows title and organization
    contact_box: int | None = None  # the box that shows the contact block
    outside: tuple[int, ...] = ()  # boxes seen from outside when folded: kept discreet
    grid: tuple[int, int] = (1, 1)  # columns, rows of pages on a sheet
    crop_marks: bool = False
    # What a local resources list prints in this layout's boxes, and how.
    resource_fields: tuple[str, ...] = (
        "phone",
        "text",
        "address",
        "hours",
        "notes",
        "languages",
        "url",
    )
    resource_qr: bool = True  # web addresses as QR codes beside their entry
    resource_headings: bool = True  # entries grouped under their category
    printing: PrintSpec = PrintSpec()  # stock, sides, flip and finishing, for the job ticket

    def page_sizes(self, paper: str) -> list[tuple[float, float]]:
        """The size of each fixed box's page (narrow ones narrower)."""
        width, height = self.page_size_pt[paper]
        return [
            (width - self.narrow_by_pt if n in self.narrow_pages else width, height)
            for n in range(1, len(self.box_labels) + 1)
        ]

    def box_height_pt(self, paper: str) -> float:
        """The height a fixed box's content may fill: the page less its margins."""
        top, _, bottom, _ = self.margin_pt or (0, 0, 0, 0)
        return self.page_size_pt[paper][1] - top - bottom


@dataclass(frozen=True, slots=True)
class Target:
    """One product in one language on one paper: everything needed to build it."""

    kit: Kit
    product: Product
    layout: Layout
    lang: str
    paper: str
    reading_pdf: Path
    print_pdf: Path
    bleed_mm: float = 0.0  # for a print shop: pages run past the trim, which is marked
    marks: bool = False  # crop marks at the sheet's corners, outside the trim
    as_of: dt.date | None = None  # a bad date sheet's edition date (None: today)

    @property
    def edition(self) -> dt.date:
        """The day a bad date sheet is made for: --as-of, else today."""
        return self.as_of or dt.date.today()

    @property
    def ticket(self) -> Path:
        """The job ticket, beside the print PDF and named like it: booklet-print.txt."""
        return self.print_pdf.with_suffix(".txt")


@dataclass(frozen=True, slots=True)
class BuildResult:
    target: Target
    pages: int
    sheet_sides: int
    blank_pages: int  # added by imposition to fill the last sheet (empty slots)
    reading_bytes: int
    print_bytes: int
    seconds: float
    warnings: tuple[Problem, ...] = ()
    steps: tuple[str, ...] = ()  # what each stage did, for -v
    notes_pages: int = 0  # pages for notes laid out before a booklet's back cover
    fit_line: str = ""  # fixed boxes: the body text size chosen to fill them
    body_pt: float | None = None  # that size, remembered for the next build
    up_to_date: bool = False  # not built: its inputs had not changed since the last build
    content_line: str = ""  # what generated content printed, e.g. a sheet's reports
