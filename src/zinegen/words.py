"""Checks on what the words say: discreet outside faces, reading grade, review dates.

These sit beside preflight's checks on how the words fit: an outside face that would out the
person carrying it fails the build (exit 1); an old review and a hard reading level warn.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from zinegen.errors import Problem
from zinegen.model import Kit, Layout, Product, Section

# Words that would out a person carrying a worker product, kept off its outside faces unless
# the product sets discreet = false. Each matches as a whole word, in any case, with a plural
# ending; a trailing * allows any ending; a space also matches a hyphen. A kit adds its own
# per language in zine.toml: [checks] revealing_words.en = [...]. The English words are
# checked in every language, since layouts and loanwords can print them anywhere.
REVEALING_WORDS = {
    "en": (
        "sex work*",
        "sexwork*",
        "sex trade",
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
    "es": (
        "trabajo sexual",
        "trabajador* sexual*",
        "trabajadora* sexual*",
        "sexoservidor*",
        "prostitu*",
        "puta*",
        "escort*",
        "cliente*",
        "proxeneta*",
        "padrote*",
        "burdel*",
        "condón",
        "condones",
        "preservativo*",
        "lubricante*",
        "mala* cita*",
    ),
}
_JOIN = r"[ \t\-\u00a0\u2010\u2011]+"  # what may stand between a phrase's words on a line


def word_pattern(word: str) -> re.Pattern[str]:
    """'sex work*' -> matches 'sex work', 'Sex-workers'; 'condom' -> 'condom', 'CONDOMS'.
    A phrase never matches across two blocks (paragraphs, list items, headings)."""
    any_ending = word.endswith("*")
    parts = [re.escape(part) for part in re.split(r"[\s\-]+", word.rstrip("*").strip())]
    ending = r"\w*" if any_ending else r"(?:s|es)?(?!\w)"
    return re.compile(r"(?<!\w)" + _JOIN.join(parts) + ending, re.IGNORECASE)


def revealing_words(kit: Kit, lang: str) -> tuple[str, ...]:
    """English's words, the language's own (and its base language's), then the kit's."""
    base = lang.split("-")[0]
    found = REVEALING_WORDS["en"] + REVEALING_WORDS.get(base, ()) + REVEALING_WORDS.get(lang, ())
    found += kit.checks.revealing_words.get(base, ()) if base != lang else ()
    return tuple(dict.fromkeys(found + kit.checks.revealing_words.get(lang, ())))


def has_own_words(kit: Kit, lang: str) -> bool:
    """Whether a language has revealing words of its own, built in or from the kit."""
    base = lang.split("-")[0]
    return any(
        code in table
        for code in (lang, base)
        for table in (REVEALING_WORDS, kit.checks.revealing_words)
    )


def page_text(page) -> str:
    """The text laid out on one page of a WeasyPrint document: the lines of each block joined
    as they read (a word broken at a hyphen made whole again, soft hyphens dropped), one
    block a line."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    blocks: dict[int, list[str]] = {}

    def walk(box, block: int) -> None:
        for child in getattr(box, "children", ()):
            if isinstance(child, LineBox):
                line = "".join(t.text for t in child.descendants() if isinstance(t, TextBox))
                blocks.setdefault(block, []).append(line)
            else:
                walk(child, id(child))

    # _page_box is WeasyPrint's laid-out tree; preflight reads it for text sizes too.
    walk(page._page_box, id(page._page_box))
    return "\n".join(_join_lines(lines) for lines in blocks.values())


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("\u00ad\u2010") or text.endswith("\u00ad-"):  # broken at a soft hyphen
            text = text[:-2] + line
        elif text.endswith(("-", "\u2010")):  # broken after a hyphen the text has
            text += line
        else:
            text += (" " if text else "") + line
    # an address's break marks (zinegen.addresses) would hide the words inside it
    from zinegen.preflight import ADDRESS_MARKS

    return text.replace("\u00ad", "").translate(ADDRESS_MARKS)


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
        text = "\n".join(page_text(document.pages[i]) for i in spans.get(box.number, []))
        found = dict.fromkeys(
            re.sub(r"([-\u2010\u2011])\s+", r"\1", " ".join(m.group(0).lower().split()))
            for p in patterns
            for m in p.finditer(text)
        )
        by_origin: dict[tuple[Path, str, str], list[tuple[int | None, str]]] = {}
        for word in found:
            for file, line, origin, hint in _origins(word, box, kit, product, inside):
                by_origin.setdefault((file, origin, hint), []).append((line, word))
        for (file, origin, hint), lines_words in by_origin.items():
            listed = ", ".join(f'"{word}"' for _, word in lines_words)
            line = min((n for n, _ in lines_words if n), default=None)
            problems.append(
                Problem(
                    f"{product.name}: {box.label} shows from outside and says {listed} "
                    f"({origin}); that could out the person carrying it.",
                    f"{hint}; if this {product.name} need not be discreet, set discreet = "
                    f"false under [products.{product.name}] in zine.toml.",
                    file,
                    line,
                )
            )
    return problems


def _origins(
    word: str, box, kit: Kit, product: Product, inside: list[str]
) -> list[tuple[Path, int | None, str, str]]:
    """Where a word on a face comes from: (file, line, what, what to do) for each source."""
    from zinegen.preflight import strip_tags
    from zinegen.qr import short_url

    pattern = _loose(word)
    elsewhere = f"move it to a face that stays inside ({', '.join(inside)})"
    found = []
    for section in box.sections:
        printed = strip_tags(section.html) + ("" if box.cover else " " + section.title)
        if not pattern.search(printed):
            continue
        if section.generated:
            what, hint = (
                "from resources",
                f"list local-resources on a face that stays inside ({', '.join(inside)})",
            )
        else:
            what, hint = f"in section '{section.id}'", f"reword it, or {elsewhere}"
            if kit.is_builtin_file(section.source):
                hint += (
                    f" (a built-in section: copy it to your kit's content/{section.lang}/ and "
                    "edit the copy)"
                )
        found.append((section.source, section.line_of(pattern), what, hint))
    org, colophon = kit.organization, kit.colophon
    settings = []
    if box.cover:
        settings += [("title", product.title), ("subtitle", product.subtitle)]
        settings = [(f"products.{product.name}.{k}", v) for k, v in settings]
    if box.cover or box.contact:
        settings.append(("organization.name", org.name))
    if box.contact:
        settings += [(f"organization.{k}", getattr(org, k)) for k in ("contact", "phone", "text")]
        settings.append(("organization.url", short_url(org.url) if org.url else ""))
        settings += [
            (f"colophon.{k}", getattr(colophon, k)) for k in ("made_with", "reviewed_by", "licence")
        ]
    for keypath, value in settings:
        if pattern.search(value):
            line = _setting_line(kit, keypath, pattern)
            what = f"zine.toml's {keypath}" + ("" if line else ", as the built-in product has it")
            found.append((kit.config_file, line, what, f"change {keypath} in zine.toml"))
    return found or [
        (kit.config_file, None, "printed by the layout", f"change the layout, or {elsewhere}")
    ]


def _loose(word: str) -> re.Pattern[str]:
    """A word as it may stand in a source file: a soft hyphen (or &shy;) between any two
    letters, and any run of spaces, line ends and hyphens where it has one."""
    soft = "(?:\u00ad|&shy;)?"
    parts = [soft.join(map(re.escape, part)) for part in re.split(r"[\s\-\u2010\u2011]+", word)]
    return re.compile(r"[\s\-\u00a0\u2010\u2011]+".join(parts), re.IGNORECASE)


def _setting_line(kit: Kit, keypath: str, pattern: re.Pattern[str]) -> int | None:
    """The line of a setting in zine.toml; for a value over several lines, the one saying it."""
    from zinegen.kit import Checker

    start = Checker(kit.config_file, kit.config_text).line_of(keypath)
    if start is None:
        return None  # inherited from the built-in product
    lines = kit.config_text.splitlines()
    return next(
        (n for n in range(start, min(start + 20, len(lines) + 1)) if pattern.search(lines[n - 1])),
        start,
    )


# --- review dates --------------------------------------------------------------------------


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def review_warnings(sections: list[Section], kit: Kit, today: dt.date) -> list[Problem]:
    """A warning for each section never reviewed, or reviewed longer ago than the kit allows."""
    limit = kit.checks.review_months
    every = "month" if limit == 1 else f"{limit} months"
    warnings = []
    for section in sections:
        if section.generated:
            continue  # resources carry a 'verified' date per entry, checked on their own
        builtin = kit.is_builtin_file(section.source)
        what = "a built-in section" if builtin else "the section"
        if section.reviewed is None:
            warnings.append(
                Problem(
                    f"{what} '{section.id}' has no 'reviewed' date.",
                    "once a person has checked it against its sources, add "
                    f"'reviewed: {today:%Y-%m}' to its front matter.",
                    section.source,
                )
            )
            continue
        age = months_between(section.reviewed, today)
        if age > limit:
            fix = (
                f"copy it into your kit (zinegen eject section {section.id}), check it, then set"
                if builtin
                else "check it against its sources, then set"
            )
            warnings.append(
                Problem(
                    f"{what} '{section.id}' was last reviewed {section.reviewed:%Y-%m}, "
                    f"{age} months ago; the kit asks for a review every {every}.",
                    f"{fix} 'reviewed: {today:%Y-%m}'.",
                    section.source,
                    section.key_line("reviewed"),
                )
            )
    return warnings


# --- reading grade -------------------------------------------------------------------------

_BLOCK = re.compile(r"<(?:/?(?:p|li|ul|ol|dd|dt|td|th|blockquote|div|tr)\b[^>]*|br\s*/?)>")
_HEADING = re.compile(r"<h[1-6]\b.*?</h[1-6]>", re.DOTALL)
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:org|com|net|gov|edu|ca)\b\S*")


def reading_sentences(section: Section) -> list[str]:
    """A section's running text as sentences: each paragraph and list item is one or more
    sentences (a bullet without a full stop counts as one), headings left out, and each web
    or email address read as one short word ("it"), as a reader skims it."""
    from zinegen.preflight import strip_tags

    body = _SVG.sub(" ", _HEADING.sub(" ", section.html))
    chunks = []
    for block in _BLOCK.split(body):
        text = " ".join(_ADDRESS.sub("it", strip_tags(block)).split())
        text = text.strip(" :;,-\u2013\u2014")
        if re.search(r"\w", text):
            chunks.append(text if text[-1] in ".!?" else text + ".")
    return chunks


@dataclass(frozen=True, slots=True)
class Grade:
    """A product's reading grade and its sections' own, hardest first; or why there is none."""

    grade: float | None
    sections: tuple[tuple[str, float], ...] = ()
    worker_facing: bool = False
    unmeasured: str = ""  # why grade is None
    formula: str = "Flesch-Kincaid"
    ease: float | None = None  # Spanish: the Fernández Huerta ease score the grade is read from


def is_worker_facing(sections: list[Section]) -> bool:
    """True when the sections that name an audience all name workers (sections that name
    none, and the local resources, do not count either way)."""
    audiences = {s.audience for s in sections if s.audience and not s.generated}
    return audiences == {"workers"}


def flesch_kincaid(text: str) -> float:
    """The grade, from 0: very short sentences of short words give a negative score."""
    import textstat  # loads its pronouncing dictionary on first use, about a second

    textstat.set_lang("en")
    return max(0.0, round(textstat.flesch_kincaid_grade(text), 1))


# Reading ease (Flesch's scale, which Fernández Huerta keeps for Spanish) to the school
# grade it is read as: 90 and up, grade 5; 80, grade 6; 70, grade 7; 60, grade 8 to 9;
# 50, grades 10 to 12; below, college.
EASE_TO_GRADE = ((90, 5.0), (80, 6.0), (70, 7.0), (60, 8.5), (50, 11.0), (30, 14.0))


def fernandez_huerta(text: str) -> float:
    """Fernández Huerta's reading ease of Spanish text, 0 (hard) to 100 (easy)."""
    import textstat

    textstat.set_lang("es")
    try:
        return round(textstat.fernandez_huerta(text), 1)
    finally:
        textstat.set_lang("en")


def ease_grade(ease: float) -> float:
    """The school grade a reading-ease score stands for."""
    return next((grade for floor, grade in EASE_TO_GRADE if ease >= floor), 16.0)


def reading_grade(sections: list[Section], lang: str) -> Grade:
    """The reading grade of the product's running text, by a formula made for its language
    (Flesch-Kincaid for English; Fernández Huerta's ease for Spanish, read as a grade), or
    why it is not measured."""
    worker_facing = is_worker_facing(sections)
    base = lang.split("-")[0]
    if base not in ("en", "es"):
        return Grade(
            None,
            worker_facing=worker_facing,
            unmeasured=f"zinegen has a reading formula for English and Spanish, not {lang}",
        )
    graded = [s for s in sections if not s.generated]
    texts = {s.id: " ".join(reading_sentences(s)) for s in graded}
    whole = " ".join(text for text in texts.values() if text)
    if not whole:
        return Grade(None, worker_facing=worker_facing, unmeasured="no running text")
    if base == "es":
        ease = fernandez_huerta(whole)
        each = sorted(
            ((sid, ease_grade(fernandez_huerta(text))) for sid, text in texts.items() if text),
            key=lambda pair: -pair[1],
        )
        return Grade(ease_grade(ease), tuple(each), worker_facing, "", "Fernández Huerta", ease)
    each = sorted(
        ((section_id, flesch_kincaid(text)) for section_id, text in texts.items() if text),
        key=lambda pair: -pair[1],
    )
    return Grade(flesch_kincaid(whole), tuple(each), worker_facing)


def grade_report(grade: Grade, product: str, kit: Kit) -> tuple[str, Problem | None]:
    """(the line `zinegen check` prints, a warning or None) for one product."""
    if grade.grade is None:
        return f"reading grade: not measured ({grade.unmeasured})", None
    limit = kit.checks.reading_grade
    line = f"reading grade {grade.grade:.1f} ({grade.formula})"
    if grade.ease is not None:
        line = (
            f"reading grade about {grade.grade:g} ({grade.formula} reading ease {grade.ease:.0f})"
        )
    if not grade.worker_facing:
        return line + ", not worker-facing", None
    line += f", worker-facing: the kit asks for {limit:g} or below"
    if grade.grade <= limit:
        return line, None
    hardest = ", ".join(f"{sid} {g:.1f}" for sid, g in grade.sections[:3])
    return line, Problem(
        f"{product} reads at grade {grade.grade:.1f}, above the kit's reading_grade "
        f"{limit:g}. Hardest sections: {hardest}.",
        "use shorter sentences and everyday words.",
        kit.config_file,
    )
