"""Product + layout + sections -> one HTML string, through the layout's Jinja template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from zinegen.errors import fail
from zinegen.kit.strings import long_date, month_year
from zinegen.model import Kit, Layout, Organization, Product, Section
from zinegen.theme import theme_css

TEMPLATE_NAME = "layout.html"
STYLESHEET_NAME = "layout.css"
BLEED_STYLESHEET_NAME = "bleed.css"

# A measuring pass lays fixed boxes out on pages this tall, so nothing breaks and each box
# shows its content's natural height.
MEASURE_HEIGHT_PT = 10000.0


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of the contact block or the colophon; `kind` becomes its CSS class."""

    kind: str
    text: str
    number: str = ""  # a phone number after the text, printed on one line


def reach_lines(organization: Organization, strings: dict) -> list[Line]:
    """How to reach the organization: call, text and its short web address, each a link
    (HTML, marked safe for the template)."""
    from markupsafe import Markup

    from zinegen.addresses import address_html

    def number(value: str) -> Markup:
        return Markup(address_html("tel:" + value, value))

    phone, text = organization.phone, organization.text
    lines = []
    if phone and phone == text:
        lines.append(Line("phone", strings["call_or_text"], number(phone)))
    else:
        lines += [Line("phone", strings["call"], number(phone))] if phone else []
        lines += [Line("text", strings["text"], number(text))] if text else []
    if organization.url:
        lines.append(Line("url", Markup(address_html(organization.url))))
    return lines


def colophon_lines(kit: Kit, sections: list[Section], strings, lang: str) -> list[Line]:
    """Who made the product, when its words were last checked, their licence, and that it is
    general information. 'Last reviewed' is the oldest review among the printed sections,
    and is left out while any of them has never been reviewed."""
    from zinegen.kit import BUILTIN_LICENCE

    printed = [s for s in sections if not s.generated]  # resources are dated entry by entry
    lines = [Line("org", kit.organization.name.rstrip(".") + ".")]
    if printed and all(s.reviewed for s in printed):
        oldest = min(s.reviewed for s in printed)  # type: ignore[type-var]
        month = month_year(oldest, lang)
        lines.append(Line("reviewed", strings["last_reviewed"].format(month=month)))
    colophon = kit.colophon
    lines += [
        Line(k, getattr(colophon, k)) for k in ("made_with", "reviewed_by") if getattr(colophon, k)
    ]
    if colophon.licence:
        lines.append(Line("licence", strings["licence"].format(licence=colophon.licence)))
    if any(kit.is_builtin_file(s.source) for s in printed):
        lines.append(Line("credit", strings["includes_builtin"].format(licence=BUILTIN_LICENCE)))
    lines.append(Line("note", strings["general_information"]))
    return lines


@dataclass(frozen=True, slots=True)
class EditionWords:
    """What a dated product (a bad date sheet, a report form) prints about its edition and
    about reporting, in the target's language."""

    line: str  # "Edition of November 26, 2026 · valid until December 3, 2026"
    iso_date: str  # the edition's day, year-month-day: how a report form asks for dates
    keep_days: int  # how long a report prints
    reach: list[Line]  # how to report: call, text
    report_url: str  # the web report form, or ""
    report_qr: str  # its QR code (SVG), or ""


def edition_words(kit: Kit, lang: str, strings, date: dt.date) -> EditionWords:
    """The edition line and the ways to report, for the [baddates] settings."""
    from dataclasses import replace

    from markupsafe import Markup

    from zinegen.addresses import address_html
    from zinegen.qr import qr_svg

    settings = kit.baddate_settings
    until = date + dt.timedelta(days=settings.edition_days)
    line = str(strings.get("baddates.edition", "{date} - {until}")).format(
        date=long_date(date, lang), until=long_date(until, lang)
    )
    numbers = replace(
        kit.organization,
        phone=settings.phone or kit.organization.phone,
        text=settings.text or kit.organization.text,
        url="",
    )
    url = settings.report_url
    return EditionWords(
        line=line,
        iso_date=date.isoformat(),
        keep_days=settings.keep_days,
        reach=reach_lines(numbers, strings),
        report_url=Markup(address_html(url)) if url else "",
        report_qr=qr_svg(url) if url else "",
    )


@dataclass(frozen=True, slots=True)
class Box:
    """One fixed box (a panel, card face or zine page) as the template sees it."""

    number: int  # 1-based
    label: str  # "panel 3", "front"
    sections: list[Section]
    narrow: bool = False
    cover: bool = False
    contact: bool = False

    @property
    def name(self) -> str:
        """How messages name the box: its label and its first section's title."""
        return f'{self.label} "{self.sections[0].title}"' if self.sections else self.label


def make_boxes(layout: Layout, product: Product, sections: list[Section]) -> list[Box]:
    by_id = {section.id: section for section in sections}
    return [
        Box(
            number=number,
            label=label,
            sections=[by_id[i] for i in ids],
            narrow=number in layout.narrow_pages,
            cover=number == layout.cover_box,
            contact=number == layout.contact_box,
        )
        for number, (label, ids) in enumerate(
            zip(layout.box_labels, product.panels, strict=True), start=1
        )
    ]


def in_language(kit: Kit, product: Product, lang: str) -> tuple[Product, Organization]:
    """The product and organization with their words for `lang` where zine.toml gives them
    per language, else the kit's first language's (see language_warnings)."""
    from dataclasses import replace

    def pick(texts, plain: str) -> str:
        return texts.get(lang) or texts.get(kit.languages[0]) or plain

    org = kit.organization
    return (
        replace(
            product,
            title=pick(product.titles, product.title),
            subtitle=pick(product.subtitles, product.subtitle),
        ),
        replace(org, contact=pick(org.contacts, org.contact)),
    )


def language_warnings(kit: Kit, product: Product, lang: str) -> list:
    """A warning for each of the product's per-language texts with no `lang` version."""
    from zinegen.errors import Problem

    missing = [
        key
        for key, texts in (
            (f"[products.{product.name}] title", product.titles),
            (f"[products.{product.name}] subtitle", product.subtitles),
            ("[organization] contact", kit.organization.contacts),
        )
        if texts and lang not in texts
    ]
    if not missing:
        return []
    first = kit.languages[0]
    return [
        Problem(
            f"{product.name} ({lang}): no '{lang}' text for {', '.join(missing)}; the "
            f"'{first}' one prints.",
            f'give it as {{ {first} = "...", {lang} = "..." }} in zine.toml.',
            kit.config_file,
        )
    ]


def page_css(
    kit: Kit,
    layout: Layout,
    paper: str,
    measure: bool = False,
    body_pt: float | None = None,
    bleed_mm: float = 0.0,
) -> str:
    """@font-face rules for the kit's fonts, and the page geometry from layout.toml.

    For fixed layouts each box gets exactly the height of its page's content area, and
    clips what does not fit (preflight reports it first); with `measure`, pages are very
    tall and boxes take their natural height, so preflight can see how much overflows.
    """
    rules = [
        "@font-face {"
        f' font-family: "{face.css_family}"; src: url("{face.path.as_uri()}");'
        f" font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in kit.fonts
    ]
    # Layouts set text in var(--font-text): the bundled face, then any the kit adds.
    families = ", ".join(f'"{family}"' for family in kit.font_families)
    rules.append(f":root {{ --font-text: {families}; }}")
    if body_pt is not None:  # the size chosen to fill the boxes: layouts use var(--body-size)
        rules.append(f":root {{ --body-size: {body_pt:g}pt; }}")
    width, height = layout.page_size_pt[paper]
    if measure:
        height = MEASURE_HEIGHT_PT
    margin = " ".join(f"{m:.3f}pt" for m in layout.margin_pt) if layout.margin_pt else None
    rules.append(
        f"@page {{ size: {width:.3f}pt {height:.3f}pt;"
        + (f" margin: {margin};" if margin else "")
        + (f" bleed: {bleed_mm:g}mm;" if bleed_mm else "")
        + " }"
    )
    if layout.narrow_pages:
        rules.append(
            f"@page narrow {{ size: {width - layout.narrow_by_pt:.3f}pt {height:.3f}pt; }}"
        )
        rules.append(".box.narrow { page: narrow; }")
    if layout.fixed:
        # Each box starts a page and fills it; content that does not fit runs onto another
        # page, where preflight finds it.
        # flow-root: floats stay inside the box, so its measured height includes them
        rules.append(
            ".box { break-before: page; box-sizing: border-box; position: relative;"
            " display: flow-root; }"
        )
        if not measure:
            rules.append(f".box {{ min-height: {layout.box_height_pt(paper):.3f}pt; }}")
    return "\n".join(rules)


def stylesheet_paths(kit: Kit, layout: Layout, bleed: bool = False) -> list[Path]:
    """The stylesheets a layout links, in order, each found in the kit first: the shared
    parts (QR codes, resources, logo), the fixed layouts' base, the layout's own, its
    bleed.css when building with a bleed (colour to the trim and past it), and last the
    kit's extra.css."""
    components = kit.find(Path("layouts") / "_shared" / "components.css")
    base = kit.find(Path("layouts") / "_shared" / "base.css") if layout.fixed else None
    stylesheet = kit.find(Path("layouts") / layout.name / STYLESHEET_NAME)
    bled = kit.find(Path("layouts") / layout.name / BLEED_STYLESHEET_NAME) if bleed else None
    extra = kit.root / "extra.css"
    extra = extra if extra.is_file() else None
    return [path for path in (components, base, stylesheet, bled, extra) if path is not None]


TEMPLATE_LIMIT = 256 * 1024  # bytes; a layout's template is a page of HTML


class KitTemplates(jinja2.BaseLoader):
    """Templates from the kit's layout folder first, then the built-in one, then the shared
    folders, by the same rule as every file zinegen reads: a regular file, inside its own
    folder after following links, of a bounded size."""

    def __init__(self, kit: Kit, layout: Layout):
        self.places = [
            (root, root / "layouts" / folder)
            for folder in (layout.name, "_shared")
            for root in kit.search_path
        ]

    def get_source(self, environment, template):
        from zinegen.errors import ZinegenError, read_text

        parts = jinja2.loaders.split_template_path(template)  # refuses ".." in names
        for root, folder in self.places:
            path = folder.joinpath(*parts)
            if path.is_file() and path.resolve().is_relative_to(root.resolve()):
                try:
                    return read_text(path, TEMPLATE_LIMIT), str(path), lambda: True
                except ZinegenError as error:
                    raise jinja2.TemplateError(error.problems[0].message) from error
        raise jinja2.TemplateNotFound(template)


def template_environment(kit: Kit, layout: Layout) -> jinja2.Environment:
    """A sandbox for every template, built-in or a kit's: a template reads the values it is
    given and calls their plain methods, and can reach nothing else of Python.
    `text | addresses` prints text with its web addresses, e-mail addresses and phone numbers
    linked and made to break well (zinegen.addresses)."""
    from markupsafe import Markup

    from zinegen.addresses import linked_html

    environment = ImmutableSandboxedEnvironment(
        loader=KitTemplates(kit, layout),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["addresses"] = lambda text: Markup(linked_html(str(text)))
    return environment


def compose_html(
    kit: Kit,
    product: Product,
    layout: Layout,
    sections: list[Section],
    lang: str,
    paper: str,
    back_cover: Section | None = None,
    measure: bool = False,
    notes_pages: int = 0,
    body_pt: float | None = None,
    bleed_mm: float = 0.0,
    edition: dt.date | None = None,
) -> str:
    """Fill the layout's template with the product's sections; `notes_pages` pages for
    notes go before a booklet's back cover, to fill its last sheet. `edition`: the day a
    dated product (a bad date sheet) is made for, today if not given."""
    from zinegen.qr import qr_svg

    stylesheets = [path.as_uri() for path in stylesheet_paths(kit, layout, bool(bleed_mm))]
    strings = kit.strings.get(lang) or kit.strings.get(kit.languages[0], {})
    product, organization = in_language(kit, product, lang)
    printed = sections + ([back_cover] if back_cover else [])
    # covers printed in the accent colour show the light version of the logo, if there is one
    dark_logo = organization.logo_on_dark or organization.logo
    try:
        template = template_environment(kit, layout).get_template(TEMPLATE_NAME)
        return template.render(
            kit=kit,
            organization=organization,
            product=product,
            sections=sections,
            back_cover=back_cover,
            lang=lang,
            paper=paper,
            page_css=page_css(kit, layout, paper, measure, body_pt, bleed_mm),
            layout=layout,
            boxes=make_boxes(layout, product, sections) if layout.fixed else [],
            stylesheets=stylesheets,
            cover_image=product.cover_image.as_uri() if product.cover_image else None,
            logo=kit.organization.logo.as_uri() if kit.organization.logo else None,
            logo_on_dark=dark_logo.as_uri() if dark_logo else None,
            theme_css=theme_css(dict(kit.theme)),
            strings=strings,
            reach=reach_lines(organization, strings),
            reach_qr=qr_svg(organization.url) if organization.url else "",
            colophon=colophon_lines(kit, printed, strings, lang),
            notes_pages=notes_pages,
            edition=edition_words(kit, lang, strings, edition or dt.date.today()),
        )
    except jinja2.TemplateSyntaxError as error:
        fail(
            f"template error: {error.message}.", file=Path(error.filename or ""), line=error.lineno
        )
    except jinja2.TemplateNotFound as error:
        fail(
            f"the {layout.name} layout asks for a template '{error.name}' that is not there.",
            "check the name in its {% extends %} or {% include %} line.",
            kit.find(Path("layouts") / layout.name / TEMPLATE_NAME) or layout.folder,
        )
    except jinja2.TemplateError as error:
        file, line = _template_position(error)
        fail(
            f"the {layout.name} layout's template failed: {error}.",
            "check the names used between {{ and }} on that line.",
            file or layout.folder,
            line,
        )


def _template_position(error: Exception) -> tuple[Path | None, int | None]:
    """The template file and line an error happened at (Jinja puts them in the traceback)."""
    found: tuple[Path | None, int | None] = (None, None)
    tb = error.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".htm", ".j2")):
            found = (Path(name), tb.tb_lineno)
        tb = tb.tb_next
    return found
