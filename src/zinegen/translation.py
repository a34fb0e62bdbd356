"""Translations: which sections a language has, which it lacks, which are stale.

A translated section records, in its front matter, which version of its twin in the kit's
first language it was made from (`translated_from: sha256:...`, a digest of that file,
written by `zinegen translated FILE`). When the first language's file changes, the
translation is stale until a translator updates it and runs the command again. A section
missing in a language prints in the first language, with a warning.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from zinegen.errors import Problem, fail, read_text, relative_to
from zinegen.model import Kit, Section

PENDING = "pending"


def digest(path: Path) -> str:
    """What `translated_from` records: a short digest of the source file's text."""
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def source_of(kit: Kit, section: Section) -> Path | None:
    """The first-language file a translated section is made from."""
    from zinegen.kit.sections import section_path

    first = kit.languages[0]
    return None if section.lang == first else section_path(kit, section.id, first)


def stale_warning(kit: Kit, section: Section) -> Problem | None:
    """A warning when a translation was made from another version of its source, or was
    never marked as made from one."""
    source = source_of(kit, section)
    if source is None or section.generated:
        return None
    if kit.is_builtin_file(section.source) and kit.is_builtin_file(source):
        return None  # zinegen's own pair, kept in step by zinegen (in its own first language)
    recorded = str(section.meta.get("translated_from", "")).strip()
    if recorded == digest(source):
        return None
    shown = relative_to(source, kit.root)
    line = section.line_of(re.compile(r"^translated_from\s*:", re.MULTILINE))
    if not recorded or recorded == PENDING:
        message = f"it is not marked as translated from the current {shown}."
    else:
        message = f"it was translated from an older {shown}, which has changed since."
    return Problem(
        message,
        f"bring it up to date with {shown}, then run: zinegen translated "
        f"{relative_to(section.source, kit.root)}",
        section.source,
        line,
    )


def missing_warning(kit: Kit, product: str, lang: str, ids: list[str]) -> Problem:
    first = kit.languages[0]
    return Problem(
        f"{product} ({lang}): {len(ids)} section{'s' * (len(ids) != 1)} not in '{lang}', "
        f"printed in '{first}' instead: {', '.join(ids)}.",
        f"translate content/{first}/<id>.md to content/{lang}/<id>.md, then run zinegen "
        f"translated on it (zinegen translate-status lists what is left).",
        kit.config_file,
    )


def mark_translated(kit: Kit, path: Path) -> str:
    """Record in a translated section's front matter the digest of its source as it is
    now. Returns what was recorded."""
    from zinegen.outputs import write_atomically

    path = path.resolve()
    lang = path.parent.name
    if path.suffix != ".md" or path.parent.parent.name != "content":
        fail(f"{path} is not a section (content/<lang>/<id>.md).", "give a section's file.")
    if not path.is_relative_to(kit.root.resolve()):
        fail(f"{path} is not in the kit {kit.root}.", "give --kit, or a file of this kit.")
    if lang == kit.languages[0]:
        fail(
            f"{path.name} is in the kit's first language, '{lang}': it is the source.",
            "mark its translations instead, e.g. content/es/<id>.md.",
        )
    from zinegen.kit.sections import key_line, section_path, split_front_matter

    source = section_path(kit, path.stem, kit.languages[0])
    if source is None:
        fail(f"there is no content/{kit.languages[0]}/{path.name} to have translated it from.")
    text = read_text(path)
    recorded = digest(source)
    _, _, body_line = split_front_matter(text, path)  # checked as when it is read
    lines = text.splitlines(keepends=True)
    end = body_line - 2  # the index of the '---' closing the front matter
    line = f"translated_from: {recorded}\n"
    found = key_line(text, "translated_from")
    if found:
        lines[found - 1] = line
    else:
        lines.insert(end, line)
    write_atomically(path, "".join(lines).encode("utf-8"))
    return recorded


@dataclass
class Coverage:
    """One language's state, for the table `check --lang all` prints."""

    lang: str
    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    strings_missing: list[str] = field(default_factory=list)


def coverage(kit: Kit) -> list[Coverage]:
    """For each language: the sections the products print that it has, lacks, and has
    stale; and the printed words it lacks."""
    from zinegen.kit.sections import GENERATED

    used = [i for product in kit.products.values() for i in product.printed_ids]
    used = [i for i in dict.fromkeys(used) if i not in GENERATED]  # from data: not translated
    english = kit.strings.get(kit.languages[0], {})
    table = []
    for lang in kit.languages:
        row = Coverage(lang)
        for section_id in used:
            section = kit.section(section_id, lang)
            if section is None:
                row.missing.append(section_id)
                continue
            row.present.append(section_id)
            if stale_warning(kit, section) is not None:
                row.stale.append(section.source)
        words = kit.strings.get(lang, {})
        row.strings_missing = [key for key in english if key not in words]
        table.append(row)
    return table
