"""Checks on what the words say: discreet outside faces, reading grade, review dates.

These sit beside preflight's checks on how the words fit: an outside face that would out the
person carrying it fails the build (exit 1); an old review and a hard reading level warn.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from zinegen.errors import Problem, read_text, shown_path
from zinegen.kit import RESOURCES_SECTION
from zinegen.model import Kit, Layout, Product, Section

# Words that would out a person carrying a worker product, kept off its outside faces unless
# the product sets discreet = false. Each matches as a whole word, in any case, with a plural
# ending; a trailing * allows any ending; a space also matches a hyphen. A kit adds its own
# per language in zine.toml: [checks] revealing_words.en = [...].
REVEALING_WORDS = {
    "en": (
        "sex work*",
        "sex trade",
        "sex-trade",
        "escort*",
        "prostitut*",
        "hooker",
        "pimp",
        "brothel",
        "client",
        "customer",
        "condom",
        "lube",
        "lubricant",
        "bad date",
        "incall",
        "outcall",
    ),
}


def word_pattern(word: str) -> re.Pattern[str]:
    """'sex work*' -> matches 'sex work', 'Sex-workers'; 'condom' -> 'condom', 'CONDOMS'."""
    any_ending = word.endswith("*")
    parts = [re.escape(part) for part in re.split(r"[\s\-]+", word.rstrip("*").strip())]
    ending = r"\w*" if any_ending else r"(?:s|es)?\b"
    return re.compile(r"\b" + r"[\s\-\u2010\u2011]+".join(parts) + ending, re.IGNORECASE)


def revealing_words(kit: Kit, lang: str) -> tuple[str, ...]:
    """The default words for the language (its base language too), then the kit's own."""
    base = lang.split("-")[0]
    found = REVEALING_WORDS.get(lang, REVEALING_WORDS.get(base, ()))
    found += kit.checks.revealing_words.get(base, ()) if base != lang else ()
    return tuple(dict.fromkeys(found + kit.checks.revealing_words.get(lang, ())))


def page_text(page) -> str:
    """The text laid out on one page of a WeasyPrint document, in reading order."""
    from weasyprint.formatting_structure.boxes import TextBox

    # _page_box is WeasyPrint's laid-out tree; preflight reads it for text sizes too.
    return " ".join(box.text for box in page._page_box.descendants() if isinstance(box, TextBox))


def check_outside_faces(
    document,
    spans: dict[int, list[int]],
    kit: Kit,
    product: Product,
    layout: Layout,
    boxes: list,
    lang: str,
) -> list[Problem]:
    """Revealing words printed on a discreet product's outside faces, each named with the
    face, the word and the file it comes from."""
    if not product.discreet or not layout.outside:
        return []
    patterns = [word_pattern(word) for word in revealing_words(kit, lang)]
    inside = [label for n, label in enumerate(layout.box_labels, 1) if n not in layout.outside]
    problems = []
    for box in boxes:
        if box.number not in layout.outside:
            continue
        text = " ".join(page_text(document.pages[i]) for i in spans.get(box.number, []))
        found = dict.fromkeys(m.group(0).lower() for p in patterns for m in p.finditer(text))
        by_origin: dict[tuple[Path, str], list[tuple[int | None, str]]] = {}
        for word in found:
            for file, line, origin in _origins(word, box, kit, product):
                by_origin.setdefault((file, origin), []).append((line, word))
        for (file, origin), lines_words in by_origin.items():
            said = [word for _, word in lines_words]
            line = min((n for n, _ in lines_words if n), default=None)
            listed = ", ".join(f'"{word}"' for word in said)
            problems.append(
                Problem(
                    f"{product.name}: {box.label} shows from outside and says {listed} "
                    f"({origin}); that could out the person carrying it.",
                    f"reword it, or move it to a face that stays inside ({', '.join(inside)}); "
                    f"if this {product.name} need not be discreet, set discreet = false under "
                    f"[products.{product.name}] in zine.toml.",
                    file,
                    line,
                )
            )
    return problems


def _origins(word: str, box, kit: Kit, product: Product) -> list[tuple[Path, int | None, str]]:
    """Where a word on a face comes from: (file, line, description) for each source."""
    from zinegen.preflight import visible_text

    pattern = re.compile(re.escape(word).replace(r"\ ", r"[\s\-]+"), re.IGNORECASE)
    found = []
    for section in box.sections:
        if pattern.search(visible_text(section)):
            what = (
                "from resources"
                if section.id == RESOURCES_SECTION
                else f"in section '{section.id}'"
            )
            found.append((section.source, _line(section.source, pattern), what))
    for keypath, value in _settings_on(box, kit, product):
        if pattern.search(value):
            line = _setting_line(kit.config_file, keypath, pattern)
            found.append((kit.config_file, line, f"zine.toml's {keypath}"))
    return found or [(kit.config_file, None, "printed by the layout")]


def _settings_on(box, kit: Kit, product: Product) -> list[tuple[str, str]]:
    """The zine.toml settings a box prints: the cover's title, the contact block's lines."""
    org, colophon = kit.organization, kit.colophon
    settings = []
    if box.cover:
        settings += [
            (f"products.{product.name}.title", product.title),
            (f"products.{product.name}.subtitle", product.subtitle),
        ]
    if box.cover or box.contact:
        settings.append(("organization.name", org.name))
    if box.contact:
        settings += [(f"organization.{k}", getattr(org, k)) for k in ("contact", "phone", "text")]
        settings += [
            (f"colophon.{k}", getattr(colophon, k)) for k in ("made_with", "reviewed_by", "licence")
        ]
    return settings


def _setting_line(config: Path, keypath: str, pattern: re.Pattern[str]) -> int | None:
    """The line of a setting in zine.toml; for a value over several lines, the one saying it."""
    from zinegen.kit import Checker

    text = read_text(config)
    start = Checker(config, text).line_of(keypath)
    if start is None:
        return None  # inherited from the built-in product
    lines = text.splitlines()
    return next(
        (n for n in range(start, min(start + 20, len(lines) + 1)) if pattern.search(lines[n - 1])),
        start,
    )


def _line(path: Path, pattern: re.Pattern[str]) -> int | None:
    """The first line saying it: in a section, its body before its front matter."""
    lines = read_text(path).splitlines()
    body = 0
    if path.suffix == ".md" and lines and lines[0].strip() == "---":
        body = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    for number in [*range(body, len(lines)), *range(body)]:
        if pattern.search(lines[number]):
            return number + 1
    return None


# --- review dates --------------------------------------------------------------------------


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def review_warnings(sections: list[Section], kit: Kit, today: dt.date) -> list[str]:
    """A warning for each section never reviewed, or reviewed longer ago than the kit allows."""
    limit = kit.checks.review_months
    warnings = []
    for section in sections:
        if section.id == RESOURCES_SECTION:
            continue  # resources carry a 'verified' date per entry, checked on their own
        where = shown_path(section.source)
        builtin = "" if section.source.is_relative_to(kit.root) else " (a built-in section)"
        if section.reviewed is None:
            warnings.append(
                f"{where}{builtin}: no 'reviewed' date. Once a person has checked it against "
                f"its sources, add 'reviewed: {today:%Y-%m}' to its front matter."
            )
            continue
        age = months_between(section.reviewed, today)
        if age > limit:
            fix = (
                "copy it into your kit's content folder, check it, then set"
                if builtin
                else "check it against its sources, then set"
            )
            warnings.append(
                f"{where}{builtin}: last reviewed {section.reviewed:%Y-%m}, {age} months ago "
                f"(the kit asks for a review every {limit} months): {fix} "
                f"'reviewed: {today:%Y-%m}'."
            )
    return warnings


# --- reading grade -------------------------------------------------------------------------

_BLOCK = re.compile(r"<(?:/?(?:p|li|ul|ol|dd|dt|td|th|blockquote|div|tr)\b[^>]*|br\s*/?)>")
_HEADING = re.compile(r"<h[1-6]\b.*?</h[1-6]>", re.DOTALL)
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:org|com|net|gov|edu|ca)\S*")


def reading_sentences(section: Section) -> list[str]:
    """A section's running text as sentences: each paragraph and list item is one or more
    sentences (a bullet without a full stop counts as one), headings and addresses left out."""
    body = _SVG.sub(" ", _HEADING.sub(" ", section.html))
    chunks = []
    for block in _BLOCK.split(body):
        text = html.unescape(re.sub(r"<[^>]+>", " ", block))
        text = " ".join(_ADDRESS.sub(" ", text).split()).strip(" :;,-\u2013\u2014")
        if re.search(r"\w", text):
            chunks.append(text if text[-1] in ".!?" else text + ".")
    return chunks


@dataclass(frozen=True, slots=True)
class Grade:
    """A product's reading grade, and its sections' own, hardest first."""

    grade: float
    sections: tuple[tuple[str, float], ...]
    worker_facing: bool


def is_worker_facing(sections: list[Section]) -> bool:
    """True when every section that names an audience names workers."""
    audiences = {s.audience for s in sections if s.audience and s.id != RESOURCES_SECTION}
    return audiences == {"workers"}


def flesch_kincaid(text: str) -> float:
    import textstat  # loads its pronouncing dictionary on first use, about a second

    textstat.set_lang("en")
    return round(textstat.flesch_kincaid_grade(text), 1)


def reading_grade(sections: list[Section], lang: str) -> Grade | None:
    """The Flesch-Kincaid grade of the product's running text; None for a language the
    formula was not made for, or a product with no running text."""
    if lang.split("-")[0] != "en":
        return None
    graded = [s for s in sections if s.id != RESOURCES_SECTION]
    texts = {s.id: " ".join(reading_sentences(s)) for s in graded}
    whole = " ".join(text for text in texts.values() if text)
    if not whole:
        return None
    each = sorted(
        ((section_id, flesch_kincaid(text)) for section_id, text in texts.items() if text),
        key=lambda pair: -pair[1],
    )
    return Grade(flesch_kincaid(whole), tuple(each), is_worker_facing(sections))


def grade_report(grade: Grade | None, product: str, lang: str, kit: Kit) -> tuple[str, str]:
    """(the line `zinegen check` prints, a warning or "") for one product."""
    if grade is None:
        return f"  reading grade: not measured ({lang} has no Flesch-Kincaid formula)", ""
    limit = kit.checks.reading_grade
    line = f"  reading grade {grade.grade:.1f} (Flesch-Kincaid)"
    if not grade.worker_facing:
        return line + ", not worker-facing", ""
    line += f", worker-facing: the kit asks for {limit:g} or below"
    if grade.grade <= limit:
        return line, ""
    hardest = ", ".join(f"{sid} {g:.1f}" for sid, g in grade.sections[:3])
    return line, (
        f"{product} reads at grade {grade.grade:.1f}, above the kit's reading_grade "
        f"{limit:g}. Hardest sections: {hardest}. Use shorter sentences and everyday words."
    )
