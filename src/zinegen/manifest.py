"""What each target in an output folder was made from, so a build redoes only what changed.

The manifest (OUT/.zinegen.manifest.json) keeps, for each target's reading PDF, a key (a
digest of everything the target is made from: its sections, layout files, fonts, kit
files, options, today's date and the versions of zinegen and its renderers), digests of
the files it wrote, the files WeasyPrint read for it (pictures in sections), and the
summary of its build (pages, warnings, the body size chosen). A target whose key is the
same and whose files are still the ones written is up to date: nothing is laid out, and
its summary and warnings are said again. A manifest that is unreadable, or written by
another zinegen, is ignored: everything is built, nothing is trusted.

This module never imports WeasyPrint: an up-to-date build does not need it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from zinegen.errors import Problem
from zinegen.kit.baddates import dated
from zinegen.model import BuildResult, Target

MANIFEST = ".zinegen.manifest.json"
FORMAT = 1


@cache
def _versions() -> str:
    found = []
    for name in ("zinegen", "weasyprint", "pypdf", "pydyf"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} ?")
    return ", ".join(found)


def _digest(path: Path) -> str:
    """A file's content digest; a file that is gone digests as such."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def target_files(target: Target) -> list[Path]:
    """Every file a target is made from, as far as the kit says: its sections, everything
    in its layout's folders (the kit's and the built-in one, and the shared ones), fonts,
    pictures named in zine.toml, the resources, the bad date reports, extra.css and zine.toml
    itself."""
    from zinegen.kit.sections import section_path

    kit, product = target.kit, target.product
    files = [kit.config_file]
    files += [p for i in product.printed_ids if (p := section_path(kit, i, target.lang))]
    for root in kit.search_path:
        for folder in (product.layout, "_shared"):
            files += sorted(p for p in (root / "layouts" / folder).glob("*") if p.is_file())
    files += [face.path for face in kit.fonts]
    org = kit.organization
    files += [p for p in (product.cover_image, org.logo, org.logo_on_dark, kit.resources_file) if p]
    files += [kit.baddates_file] if kit.baddates_file and dated(product) else []
    extra = kit.root / "extra.css"
    files += [extra] if extra.is_file() else []
    return list(dict.fromkeys(files))


def target_key(target: Target, options: dict, read_before: list[str]) -> str:
    """A digest of everything the target's PDFs are made from. `read_before`: the files
    WeasyPrint read for the target last time (pictures a section shows), digested too."""
    parts = [
        f"format {FORMAT}",
        _versions(),
        f"today {dt.date.today().isoformat()}",  # review and age warnings change by the day
        json.dumps(
            {
                "product": target.product.name,
                "lang": target.lang,
                "paper": target.paper,
                "bleed_mm": target.bleed_mm,
                "marks": target.marks,
                # a bad date sheet's reports are those of its edition's day
                "edition": target.edition.isoformat() if dated(target.product) else None,
                **options,
            },
            sort_keys=True,
        ),
    ]
    for path in [*target_files(target), *map(Path, read_before)]:
        parts.append(f"{path}\t{_digest(path)}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Entry:
    """One target's record: what it was made from, what it wrote, what its build said."""

    key: str
    outputs: dict[str, str]  # file name: digest of what was written
    read: list[str] = field(default_factory=list)  # files WeasyPrint read for it
    summary: dict = field(default_factory=dict)  # BuildResult's figures and warnings
    body_pt: float | None = None  # the size type-fitting chose, tried first next time


class Manifest:
    """The records of one output folder, keyed by each target's reading PDF."""

    def __init__(self, root: Path, entries: dict[str, Entry] | None = None):
        self.root = root
        self.entries = entries or {}

    @classmethod
    def load(cls, root: Path) -> Manifest:
        """The folder's manifest; an empty one when there is none, or it cannot be trusted
        (unreadable, damaged, or from another version of zinegen)."""
        try:
            data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("versions") != _versions():
                return cls(root)
            entries = {name: Entry(**entry) for name, entry in data["targets"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(root)
        return cls(root, entries)

    def _name(self, target: Target) -> str:
        return str(target.reading_pdf.resolve().relative_to(self.root.resolve()))

    def read_before(self, target: Target) -> list[str]:
        entry = self.entries.get(self._name(target))
        return list(entry.read) if entry else []

    def body_pt(self, target: Target) -> float | None:
        entry = self.entries.get(self._name(target))
        return entry.body_pt if entry else None

    def up_to_date(self, target: Target, key: str) -> BuildResult | None:
        """The summary of the target's last build, when its inputs are unchanged and its
        files are still those that build wrote; else None."""
        entry = self.entries.get(self._name(target))
        if entry is None or entry.key != key:
            return None
        for path in _outputs(target):
            if entry.outputs.get(path.name) != _digest(path):
                return None
        summary = dict(entry.summary)
        warnings = tuple(
            Problem(w["message"], w["hint"], Path(w["file"]) if w["file"] else None, w["line"])
            for w in summary.pop("warnings", [])
        )
        try:
            return BuildResult(target=target, warnings=warnings, up_to_date=True, **summary)
        except TypeError:  # a record this zinegen cannot read: build again
            return None

    def record(self, target: Target, key: str, result: BuildResult, read: list[str]) -> None:
        summary = {
            f.name: getattr(result, f.name)
            for f in fields(result)
            if f.name not in ("target", "up_to_date", "steps", "warnings")
        }
        summary["warnings"] = [_problem(w) for w in result.warnings]
        self.entries[self._name(target)] = Entry(
            key=key,
            outputs={path.name: _digest(path) for path in _outputs(target)},
            read=read,
            summary=summary,
            body_pt=result.body_pt,
        )

    def forget(self, target: Target) -> None:
        """A target whose build failed: rebuilt next time, whatever its key."""
        self.entries.pop(self._name(target), None)

    def save(self) -> None:
        """Written whole, then moved into place: never half a manifest."""
        data = {
            "format": FORMAT,
            "versions": _versions(),
            "targets": {name: asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        from zinegen.outputs import write_atomically

        write_atomically(self.root / MANIFEST, json.dumps(data, indent=1).encode("utf-8"))


def _outputs(target: Target) -> list[Path]:
    return [target.reading_pdf, target.print_pdf, target.ticket]


def _problem(problem: Problem) -> dict:
    return {
        "message": problem.message,
        "hint": problem.hint,
        "file": str(problem.file) if problem.file else None,
        "line": problem.line,
    }
