"""Read sections: YAML front matter plus a Markdown body."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import yaml
from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from zinegen.errors import Problem, ZinegenError, fail, load_yaml, read_text
from zinegen.kit import ID_PATTERN, RESOURCES_SECTION
from zinegen.kit.baddates import SECTION_ID as BADDATES_SECTION
from zinegen.kit.baddates import baddates_section
from zinegen.kit.sanitize import sanitize
from zinegen.model import Kit, Layout, Product, ResourceChoice, Section

AUDIENCES = ("providers", "allies", "workers")
FRONT_MATTER_KEYS = {
    "id": "the section's id, the same as its file name without .md",
    "title": "the heading printed above the section",
    "summary": "one sentence on what the section covers",
    "audience": "who it speaks to: " + ", ".join(AUDIENCES),
    "reviewed": "the month a person last checked it against its sources, e.g. 2026-11",
    "translated_from": (
        "in a translation: which version of the first language's file it was made from; "
        "written by `zinegen translated FILE`, not by hand"
    ),
}
# A month; a full date is taken as its month.
REVIEWED_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
REQUIRED_KEYS = ("id", "title")


MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty"]


def split_front_matter(text: str, source: Path) -> tuple[dict, str, int]:
    """Split '---' front matter from the body; return (meta, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        fail(
            "the file does not start with front matter.",
            "begin the file with a line '---', then 'id: ...' and 'title: ...', then '---'.",
            source,
            1,
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        fail(
            "the front matter is not closed.",
            "add a line '---' after the last front matter line.",
            source,
            1,
        )
    try:
        meta = load_yaml("".join(lines[1:end]))[0] or {}
    except yaml.YAMLError as error:
        # where an unclosed bracket or quote began, else where reading stopped
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        fail(
            f"the front matter is not valid YAML: {reason}.",
            "write each line as 'key: value'; put a value holding ':' in quotes.",
            source,
            mark.line + 2 if mark is not None else None,  # +1 for '---', +1 for 1-based
        )
    if not isinstance(meta, dict):
        fail("the front matter should be 'key: value' lines.", file=source, line=2)
    return meta, "".join(lines[end + 1 :]), end + 2


def check_front_matter(meta: dict, source: Path, text: str = "") -> list[Problem]:
    """Every problem in a section's front matter, each with its line where known."""
    return [
        Problem(message, hint, source, key_line(text, key) if key else None)
        for key, message, hint in _front_matter_problems(meta, source)
    ]


def key_line(text: str, key: str) -> int | None:
    """The line of 'key:' inside the front matter."""
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() in ("---", "..."):
            return None
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return None


def _front_matter_problems(meta: dict, source: Path) -> list[tuple[str | None, str, str]]:
    """(key, message, hint) for each problem; key locates the line."""
    problems: list[tuple[str | None, str, str]] = []
    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else ("known keys: " + ", ".join(FRONT_MATTER_KEYS))
            )
            problems.append((str(key), f"unknown front matter key '{key}'.", hint))
    for key in REQUIRED_KEYS:
        if not meta.get(key):
            hint = f"add a line '{key}: ...' ({FRONT_MATTER_KEYS[key]}) between the '---' lines."
            problems.append((None, f"the front matter has no '{key}'.", hint))
    for key, value in meta.items():
        if key in FRONT_MATTER_KEYS and value is not None and not isinstance(value, str):
            problems.append((key, f"'{key}' should be text, not {value!r}.", ""))
    section_id = meta.get("id")
    if isinstance(section_id, str) and section_id != source.stem:
        hint = f"rename the file to {section_id}.md or set 'id: {source.stem}'."
        problems.append(
            ("id", f"the id '{section_id}' differs from the file name '{source.name}'.", hint)
        )
    elif isinstance(section_id, str) and not ID_PATTERN.match(section_id):
        message = f"the id '{section_id}' may only hold lower-case letters, digits and '-'."
        problems.append(("id", message, ""))
    audience = meta.get("audience")
    if isinstance(audience, str) and audience not in AUDIENCES:
        message = f"audience '{audience}' is not one of: {', '.join(AUDIENCES)}."
        problems.append(("audience", message, ""))
    reviewed = meta.get("reviewed")
    if isinstance(reviewed, str) and reviewed:
        this_month = dt.date.today().strftime("%Y-%m")
        if not REVIEWED_PATTERN.match(reviewed):
            hint = f"write the year and month, e.g. 'reviewed: {this_month}'."
            problems.append(("reviewed", f"'reviewed' is '{reviewed}', not a month.", hint))
        elif reviewed[:7] > this_month:
            hint = "write the month a person last checked the section against its sources."
            problems.append(("reviewed", f"'reviewed' is {reviewed}, a month still to come.", hint))
    return problems


def reviewed_month(meta: dict) -> dt.date | None:
    """The checked 'reviewed' value as the first day of its month, or None if not given."""
    match = REVIEWED_PATTERN.match(str(meta.get("reviewed") or ""))
    return dt.date(int(match.group(1)), int(match.group(2)), 1) if match else None


class _Images(Treeprocessor):
    """An image's relative path is found beside the section's file, then at the kit's root
    (then the built-in kit's); one found nowhere, or outside those folders, goes to
    md.image_problems as (src, why)."""

    def run(self, root) -> None:
        self.md.image_problems = []
        folders, roots = getattr(self.md, "image_folders", ((), ()))
        for image in root.iter("img"):
            src = image.get("src", "")
            scheme = urlsplit(src).scheme.lower()
            if scheme and scheme != "data":
                self.md.image_problems.append(
                    (src, "zinegen never fetches anything; save the image into the kit")
                )
                continue
            if not src or scheme:
                continue  # data: URLs are read from the page itself
            relpath = unquote(urlsplit(src).path)
            if "\0" in relpath:  # no file has that name
                self.md.image_problems.append((src.replace("\0", "\\0"), "there is no such file"))
                continue
            found = next((p for f in folders if (p := (f / relpath).resolve()).is_file()), None)
            if found is None:
                self.md.image_problems.append((src, "there is no such file"))
            elif not any(found.is_relative_to(r) for r in roots):
                self.md.image_problems.append((src, "it is outside the kit"))
            else:
                image.set("src", found.as_uri())


class _LeadIns(Treeprocessor):
    """A paragraph that ends with a colon leads into what follows ("Call:", "Bring:"): it
    gets the class lead-in, which layouts keep on the page of its list or address."""

    def run(self, root) -> None:
        for paragraph in root.iter("p"):
            text = "".join(paragraph.itertext()).rstrip()
            if text.endswith(":"):
                classes = paragraph.get("class", "")
                paragraph.set("class", f"{classes} lead-in".strip())


class _ImageExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_Images(md), "zinegen-images", 4)
        md.treeprocessors.register(_LeadIns(md), "zinegen-lead-ins", 3)


@cache
def _markdown() -> markdown.Markdown:
    """One converter, reset between sections: building one loads every extension again."""
    from zinegen.addresses import AddressExtension
    from zinegen.qr import QrExtension

    return markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, QrExtension(), _ImageExtension(), AddressExtension()],
        # the default back-link arrow is not in the bundled font
        extension_configs={"extra": {"footnotes": {"BACKLINK_TEXT": "^"}}},
        output_format="html",
    )


def read_front_matter(path: Path, text: str | None = None) -> tuple[dict, str]:
    """A section file's checked front matter, and its Markdown body."""
    text = read_text(path) if text is None else text
    meta, body, _ = split_front_matter(text, path)
    problems = check_front_matter(meta, path, text)
    if problems:
        raise ZinegenError(problems)
    return meta, body


BRACKETS_PER_LINE = 200  # '[' on one line: links cost Markdown time in their square


def _check_bounds(body: str, path: Path, text: str) -> None:
    """Refuse what would take Markdown minutes rather than milliseconds: lines crowded with
    '[' (each may open a link, and the parser looks ahead for every one)."""
    offset = text.count("\n") - body.count("\n")  # the front matter's lines
    for number, line in enumerate(body.splitlines(), start=1):
        if line.count("[") > BRACKETS_PER_LINE:
            fail(
                f"line {number + offset} has {line.count('[')} '[' characters; Markdown would "
                "take minutes to read them.",
                "if this was pasted by mistake, remove it; a link is written [text](address).",
                path,
                number + offset,
            )


def parse_section(path: Path, lang: str, roots: tuple[Path, ...] = ()) -> Section:
    """Read one section file into a Section with its body as HTML. Images are found beside
    the file first, then in `roots` (the kit's folder, then the built-in kit's)."""
    text = read_text(path)
    meta, body = read_front_matter(path, text)
    converter = _markdown().reset()
    roots = tuple(root.resolve() for root in roots) or (path.parent.resolve(),)
    converter.image_folders = ((path.parent.resolve(), *roots), roots)
    _check_bounds(body, path, text)
    try:
        html = converter.convert(body)
    except BaseException as error:
        _markdown.cache_clear()  # a converter stopped halfway is not used again
        if not isinstance(error, RecursionError):
            raise
        fail(
            "the section nests lists or quotes deeper than Markdown can follow.",
            "write it with fewer levels: a list inside a list inside a list is plenty.",
            path,
        )

    def line_of(needle: str) -> int | None:
        return next((n for n, line in enumerate(text.splitlines(), 1) if needle in line), None)

    problems = [
        Problem(
            f"the QR link '{href}' cannot be printed: {problem}.",
            "write it as [text](qr:https://...), with the whole address and no spaces.",
            path,
            line_of(href),
        )
        for href, problem in converter.qr_problems
    ]
    folder = path.parent.name
    problems += [
        Problem(
            f"the image '{src}' cannot be printed: {why}.",
            f"put the file beside this section (in its {folder}/ folder) or in the kit's "
            "folder, and write its path from there, e.g. ![A map](images/map.png).",
            path,
            line_of(src),
        )
        for src, why in converter.image_problems
    ]
    if problems:
        raise ZinegenError(problems)
    html, warnings = sanitize(html, path, text, roots)
    warnings += [
        Problem(
            f"the image '{name}' has no alt text, so screen readers cannot say what it shows.",
            f"describe it in a few words between the brackets, e.g. ![A map to the clinic]"
            f"({name}).",
            path,
            line_of(name),
        )
        for name in images_without_alt(html)
    ]
    return Section(
        id=meta["id"],
        title=meta["title"],
        html=html,
        lang=lang,
        source=path,
        summary=meta.get("summary") or "",
        audience=meta.get("audience") or "",
        reviewed=reviewed_month(meta),
        meta={k: str(v) for k, v in meta.items()},
        text=text,
        warnings=tuple(warnings),
    )


class _ImageAlts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "img" and not (attributes.get("alt") or "").strip():
            src = attributes.get("src") or ""
            if src.startswith("data:"):
                self.missing.append("(a data: image)")
            else:
                self.missing.append(Path(unquote(urlsplit(src).path)).name or src)


def images_without_alt(html: str) -> list[str]:
    """The file names of a section's pictures that have no alt text: the reading PDF is
    tagged for screen readers, which say a picture's alt text and skip one without."""
    parser = _ImageAlts()
    parser.feed(html)
    return list(dict.fromkeys(parser.missing))


def section_path(kit: Kit, section_id: str, lang: str) -> Path | None:
    """The file for a section id in a language; the kit's own copy wins over the built-in."""
    return kit.find(Path("content") / lang / f"{section_id}.md")


def read_sections(kit: Kit) -> tuple[dict[tuple[str, str], Section], list[Problem]]:
    """Every section in each of the kit's languages, the kit's copy over the built-in one,
    read and checked once: {(lang, id): Section}, and every problem in any of them."""
    sections: dict[tuple[str, str], Section] = {}
    problems: list[Problem] = []
    for lang in kit.languages:
        for section_id, path in list_sections(kit, lang):
            try:
                sections[lang, section_id] = parse_section(path, lang, kit.search_path)
            except ZinegenError as error:
                problems += error.problems
    return sections, problems


def product_sections(
    kit: Kit,
    ids: tuple[str, ...],
    lang: str,
    product: Product | None = None,
    layout: Layout | None = None,
    as_of: dt.date | None = None,
) -> list[Section]:
    """The sections a product names, in order, from what the kit read. A generated section
    is made for the product: the local resources it picks, printed as its layout asks; the
    bad date reports current on `as_of` (today if not given). A section with no version in
    the language is an error."""
    from zinegen.translation import missing_warning, stale_warning

    sections, problems, untranslated = [], [], []
    first = kit.languages[0]
    for section_id in ids:
        made = GENERATED.get(section_id)
        if made is not None and made.available(kit):
            sections.append(made.make(kit, lang, product, layout, as_of or dt.date.today()))
            continue
        section = kit.section(section_id, lang)
        if section is None and lang != first and kit.section(section_id, first) is not None:
            untranslated.append(section_id)  # printed in the first language, and said
            sections.append(kit.section(section_id, first))
            continue
        if section is not None and (stale := stale_warning(kit, section)) is not None:
            section = replace(section, warnings=(*section.warnings, stale))
        if section is None:
            problems.append(
                Problem(
                    f"the section '{section_id}' has no '{lang}' version.",
                    f"write content/{lang}/{section_id}.md in the kit.",
                    kit.config_file,
                )
            )
            continue
        sections.append(section)
    if problems:
        raise ZinegenError(problems)
    if untranslated:  # said once, with the product's first section
        name = product.name if product else "the product"
        said = missing_warning(kit, name, lang, untranslated)
        sections[0] = replace(sections[0], warnings=(*sections[0].warnings, said))
    return sections


MAX_PRINTED_RESOURCES = 300  # a booklet's worth several times over; QR codes take time each


def _local_resources(
    kit: Kit, lang: str, product: Product | None, layout: Layout | None, as_of: dt.date
) -> Section:
    from zinegen.kit.resources import CATEGORIES, choose, resources_section

    choice = product.resources if product else ResourceChoice()
    chosen, how = choose(list(kit.resources), product.name if product else "", choice)
    if len(chosen) > MAX_PRINTED_RESOURCES:
        name = product.name if product else "the product"
        fail(
            f"{name} would print {len(chosen)} local resources; a printed product holds at "
            f"most {MAX_PRINTED_RESOURCES}.",
            f"choose the ones for it with resources = {{ tags = [...], limit = ... }} under "
            f"[products.{name}] in zine.toml.",
            kit.resources_file,
        )
    return resources_section(
        chosen,
        lang,
        kit.strings.get(lang, {}),
        kit.resources_file,  # type: ignore[arg-type]
        kit.resources_text,
        layout,
        choice.categories or CATEGORIES,
        how,
        choice.tags,
        choice.categories,
    )


@dataclass(frozen=True, slots=True)
class Generated:
    """A section made from kit data rather than read from Markdown."""

    # (kit, language, product, layout, the day it is made for) -> the section
    make: Callable[[Kit, str, Product | None, Layout | None, dt.date], Section]
    available: Callable[[Kit], bool]  # whether the kit can make it


# By id: the local resources, when the kit has them; the bad date reports current on the
# edition's day (with no baddates.yaml, a sheet says it has none).
GENERATED = {
    RESOURCES_SECTION: Generated(_local_resources, lambda kit: kit.resources_file is not None),
    BADDATES_SECTION: Generated(
        lambda kit, lang, product, layout, as_of: baddates_section(kit, lang, as_of),
        lambda kit: True,
    ),
}


def list_sections(kit: Kit, lang: str) -> list[tuple[str, Path]]:
    """Every (id, file) available in a language, the kit's own first."""
    found: dict[str, Path] = {}
    for root in kit.search_path:
        for path in sorted((root / "content" / lang).glob("*.md")):
            if path.resolve().is_relative_to(root.resolve()):  # a link out is reported
                found.setdefault(path.stem, path)
    return sorted(found.items())
