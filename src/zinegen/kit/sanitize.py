"""A section's HTML through an allowlist before it reaches WeasyPrint.

Markdown lets a section carry raw HTML, and kits travel: a section pasted from a website, or
sent by someone else, could hold a script, an attachment that embeds a file of the computer,
a link that publishes a path, or an id that takes the place of a layout's box. Structure,
emphasis, tables and images survive; the rest is removed, and each removal is said.
"""

from __future__ import annotations

import re
import secrets
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from zinegen.errors import Problem

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark", "q", "cite", "abbr",
    "blockquote", "code", "pre", "kbd", "samp", "span", "div", "a", "img", "figure",
    "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "colgroup", "col",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "style"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Ids the layouts give their own elements: a section that reused one would take their place.
LAYOUT_IDS = re.compile(
    r"^(box-\d+|cover(-\d+)?|contact(-\d+)?|colophon(-\d+)?|back-cover|s-.+|res-\d+)$"
)
LINK_SCHEMES = ("http", "https", "mailto", "tel")
WHY_TAGS = {
    "script": "scripts never run in a PDF",
    "iframe": "it would show another page",
    "object": "it would embed another file",
    "embed": "it would embed another file",
    "link": "it could attach or load a file",
    "meta": "it would change the PDF's details",
    "base": "it would change where links point",
    "form": "a PDF has no forms",
    "input": "a PDF has no forms",
    "style": "a section's look comes from its layout",
    "svg": "drawings go in as image files",
}


def sanitize(
    html: str, source: Path, text: str, roots: tuple[Path, ...]
) -> tuple[str, list[Problem]]:
    """(the HTML with only what may print, a warning for each kind of thing removed).
    QR codes, drawn by zinegen itself, pass untouched; image files must lie in `roots`."""
    import nh3

    from zinegen.qr import QR_MARK

    # zinegen's own QR codes are SVG, which the allowlist does not take: set them aside. They
    # carry a mark that changes with every run, so a section cannot pass off SVG as one.
    token = "zinegen-qr-" + secrets.token_hex(8) + "-"
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"{token}{len(kept) - 1}."

    mark = re.escape(f'data-zinegen-qr="{QR_MARK}"')
    html = re.sub(rf"<svg\b[^>]*{mark}[^>]*>.*?</svg>", keep, html, flags=re.S)
    removed: dict[str, str] = {}  # what was removed -> why, in the order found

    def attribute(tag: str, name: str, value: str) -> str | None:
        if name == "id" and LAYOUT_IDS.match(value):
            removed[f'id="{value}"'] = "the layout uses that id for its own parts"
            return None
        if name == "style" and re.search(r"url\s*\(|@import|expression", value, re.I):
            removed[f'style="{value[:40]}"'] = "a style may not load files"
            return None
        if tag == "a" and name == "href":
            if value.startswith("#") or urlsplit(value).scheme.lower() in LINK_SCHEMES:
                return value
            removed[f'a link to "{value[:60]}"'] = (
                "a link to a file would publish where it lies on this computer"
            )
            return None
        if tag == "img" and name == "src":
            given, scheme = value, urlsplit(value).scheme.lower()
            if not scheme and not value.startswith("/"):  # beside the section, as in Markdown
                value, scheme = (source.parent / unquote(value)).resolve().as_uri(), "file"
            if scheme == "data" or (scheme == "file" and _inside(value, roots)):
                return value
            removed[f'the image "{given[:60]}"'] = "images must be files inside the kit"
            return None
        return value

    for tag, attr in _unsafe(html):
        if tag:
            removed[f"<{tag}>"] = WHY_TAGS.get(tag, "it is not something a page prints")
        else:
            removed[f"{attr}="] = "a PDF runs no scripts"
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "title"},
        attributes=ATTRIBUTES,
        attribute_filter=attribute,
        url_schemes={*LINK_SCHEMES, "file", "data"},
        link_rel=None,
    )
    for index, svg in enumerate(kept):
        clean = clean.replace(f"{token}{index}.", svg)
    warnings = [
        Problem(
            f"removed {what} from the section: {why}.",
            "take it out of the section; zinegen prints text, tables, images and links.",
            source,
            _line(text, what),
        )
        for what, why in removed.items()
    ]
    return clean, warnings


def _inside(url: str, roots: tuple[Path, ...]) -> bool:
    path = Path(unquote(urlsplit(url).path)).resolve()
    return any(path.is_relative_to(root.resolve()) for root in roots)


def _line(text: str, what: str) -> int | None:
    """The line of the source file that has the removed thing, where it can be found."""
    needle = re.sub(r'^(a link to |the image )?"?|"$', "", what).strip("<>=")
    for number, line in enumerate(text.splitlines(), start=1):
        if needle and needle.lower() in line.lower():
            return number
    return None


class _Finder(HTMLParser):
    """Tags outside the allowlist, and event-handler attributes, in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in TAGS:
            self.found.append((tag, ""))
        self.found += [("", name) for name, _ in attrs if name.lower().startswith("on")]

    handle_startendtag = handle_starttag


def _unsafe(html: str) -> list[tuple[str, str]]:
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return list(dict.fromkeys(finder.found))
