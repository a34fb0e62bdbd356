"""Filled report forms (the report-form product) read back into a kit's bad date reports.

`zinegen baddates import FORM.pdf...` reads each form's fields, checks them as a report in
baddates.yaml is checked, and adds them to the kit's baddates.yaml (or .csv) in one write,
or adds nothing. Only the fields of a report are kept: never the form's file name, nor a
field the form should not have had (its value is not said, even in the message refusing
it), since either could point to the person who reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from zinegen.errors import Problem, ZinegenError, fail, read_bounded, read_text, shown_path
from zinegen.kit.baddates import (
    BADDATES_FILES,
    FIELDS,
    REPORTER,
    REQUIRED,
    append_reports,
    check_report,
    field_name,
    load_reports,
    same_report,
    stray_contacts,
)
from zinegen.kit.entries import Where, repeats
from zinegen.model import BadDate

MAX_FORM_BYTES = 20 * 1024 * 1024  # a filled one-page form is well under 1 MB
MAX_FORMS = 200  # at one time: a week's forms, not an archive
# How dates are written on a form: year-month-day, with '-' or '/'.
FORM_DATE = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import added: to which file, the numbers the reports have in it, and
    warnings about them."""

    file: Path
    numbers: tuple[int, ...]
    warnings: tuple[Problem, ...]

    def summary(self) -> str:
        """What was added, e.g. 'added 2 reports to baddates.yaml (reports 13-14)'."""
        from zinegen.kit.entries import number_ranges

        n = len(self.numbers)
        which = f"report{'s' * (n != 1)} {number_ranges(list(self.numbers))}"
        return f"added {n} report{'s' * (n != 1)} to {shown_path(self.file)} ({which})"


def import_forms(kit_dir: Path | None, forms: list[Path]) -> Imported:
    """Add the reports of filled forms to the kit's baddates.yaml (made if missing) or
    baddates.csv: every form is checked, then the whole file as it would be, and only
    then is it written, at once; any problem and nothing is written."""

    if len(forms) > MAX_FORMS:
        fail(f"{len(forms)} forms at once; zinegen imports at most {MAX_FORMS} at a time.")
    path, keep_days, kept = reports_file(kit_dir, "add the reports to")
    text = read_text(path) if kept else ""
    existing, _ = load_reports(path, keep_days, text) if kept else ([], "")

    entries, problems = [], []
    for form in forms:
        values, report, found = report_of_form(form, keep_days)
        problems += found
        if report is not None:
            entries.append((form, values, report))
    problems += _already_there(entries, existing, path)
    if problems:
        raise ZinegenError(problems)

    new_text = append_reports(path, text, [values for _, values, _ in entries])
    reports, _ = load_reports(path, keep_days, new_text)  # the whole file, as it will be
    added = reports[len(existing) :]
    _write(path, new_text)
    return Imported(
        file=path,
        numbers=tuple(r.number for r in added),
        warnings=tuple(w for r in added for w in stray_contacts(r, path)),
    )


def reports_file(kit_dir: Path | None, doing: str) -> tuple[Path, int, bool]:
    """The kit's baddates.yaml or .csv (baddates.yaml if it has neither yet), its
    keep_days, and whether the file is there. The built-in kit has none to change."""
    from zinegen.kit.config import read_config

    kit, problems = read_config(kit_dir)  # the rest of zine.toml is for a build to check
    if kit.is_builtin:
        fail(
            f"no kit to {doing}: this is zinegen's built-in kit.",
            "give your kit's folder with --kit DIR, or run the command inside it.",
        )
    # the kit keeping both files: said by read_config, naming the second
    both = [p for p in problems if p.file is not None and p.file.name in BADDATES_FILES]
    if both:
        raise ZinegenError(both)
    path = kit.baddates_file or kit.root / BADDATES_FILES[0]
    return path, kit.baddate_settings.keep_days, kit.baddates_file is not None


def prune_reports(kit_dir: Path | None, as_of: dt.date) -> tuple[Path, list[BadDate], int]:
    """Take the reports that expired before `as_of` out of the kit's baddates.yaml or
    .csv, for good: (the file, the reports taken out, how many remain). The file as it
    will be is read again before it is written, at once."""
    from zinegen.kit.baddates import without_expired

    if as_of > dt.date.today():  # a mistyped year would take out current reports for good
        fail(
            f"--as-of {as_of} is after today; prune takes out only reports that have "
            "already expired.",
            "leave out --as-of, or give a day that has passed.",
        )
    path, keep_days, kept = reports_file(kit_dir, "take expired reports out of")
    if not kept:
        fail(f"the kit has no {path.name}, so no reports to take out.", file=path.parent)
    text, gone = without_expired(path, keep_days, as_of)
    remaining, _ = load_reports(path, keep_days, text)
    if gone:
        _write(path, text)
    return path, gone, len(remaining)


def report_of_form(
    form: Path, keep_days: int = 90
) -> tuple[dict[str, str], BadDate | None, list[Problem]]:
    """A filled form as a report's fields ({field: text}, as they will be written) and
    as the report they make, checked as a report in the kit's file is; the report is
    None when there are problems."""
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for name, value in read_form(form).items():
        if name not in FIELDS:
            # a field asking who reported is refused even empty: the form itself is wrong
            if value or REPORTER.match(name):
                problems.append(_outside_the_schema(form, name))
            continue
        if value:
            values[name] = " ".join(value.split())  # one paragraph, as it prints
    if problems:
        return values, None, problems
    if not values:
        empty = Problem(
            "nothing is filled in.",
            "fill in at least the date and the warning, save the form, and import it again.",
            form,
        )
        return values, None, [empty]
    for key in REQUIRED:
        if key not in values:
            problems.append(
                Problem(
                    f"field '{key}' is empty; a report needs {' and '.join(REQUIRED)}.",
                    f"fill in {key} ({FIELDS[key]}), save the form, and import it again.",
                    form,
                )
            )
    if "date" in values:
        date = _form_date(values["date"])
        if date is None:
            problems.append(
                Problem(
                    "field 'date' is not a date written year-month-day.",
                    "write it as year-month-day, e.g. 2026-11-20, save the form, and import "
                    "it again.",
                    form,
                )
            )
        else:
            values["date"] = date.isoformat()
    if problems:
        return values, None, problems
    report, problems = check_report(0, values, form, Where(), keep_days, label="")
    return values, report, problems


def read_form(form: Path) -> dict[str, str]:
    """The fields of a PDF form, {name: text} ("" for an empty one)."""
    from pypdf import PdfReader

    data = read_bounded(form, MAX_FORM_BYTES, "form")
    if b"%PDF-" not in data[:1024]:  # where the PDF standard lets the header start
        fail("is not a PDF file.", "give the filled report form, a .pdf file.", form)
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            fail(
                "is locked with a password.",
                "save it again without a password (or print it and enter the report by hand).",
                form,
            )
        fields = reader.get_fields() or {}
    except ZinegenError:
        raise
    except Exception:  # pypdf raises many kinds of error on a damaged file
        fail(
            "cannot be read as a PDF: the file is damaged.",
            "save the form again from the app it was filled in, or enter the report by hand.",
            form,
        )
    if not fields:
        fail(
            "has no form fields.",
            "give the filled-in reading PDF (report-form.pdf), not the print PDF or a scan; "
            "a form filled in by hand is entered in baddates.yaml by hand.",
            form,
        )
    return {str(name): _text(field.get("/V")) for name, field in fields.items()}


def _text(value: object) -> str:
    """A field's value as text: "" for none, or for a box that is not ticked."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    text = str(value).strip()
    return "" if text in ("/Off", "Off") else text


def _form_date(value: str) -> dt.date | None:
    match = FORM_DATE.fullmatch(value.strip())
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _outside_the_schema(form: Path, name: str) -> Problem:
    """A field that is not a report's: refused by name, its value never said."""
    shown = field_name(name)
    if shown is None:  # words, not a field's name: never repeated
        message = (
            "a field of the form is not one of a report's, and its name is not repeated "
            "here, in case it says who reported; zinegen refuses the form."
        )
    elif REPORTER.match(name):
        message = (
            f"field '{shown}' could identify the person who reported; zinegen refuses the "
            "form and keeps nothing of it."
        )
    else:
        message = (
            f"field '{shown}' is not a field of a report; zinegen refuses the form, since "
            "it could identify the person who reported."
        )
    return Problem(
        message,
        "use zinegen's report form (zinegen build report-form), whose fields are "
        + ", ".join(key for key in FIELDS if key != "expires")
        + "; or enter the report in baddates.yaml by hand, without that field.",
        form,
    )


def _already_there(entries, existing: list[BadDate], path: Path) -> list[Problem]:
    """A form imported before, or given twice: the report would print twice."""
    given = [(None, report) for report in existing]  # (its form, the report)
    given += [(form, report) for form, _, report in entries]
    return [
        Problem(
            f"is already in {path.name} as report {first.number}: it was imported before.",
            "leave it out of the forms to import.",
            form,
        )
        if earlier is None
        else Problem(f"holds the same report as {earlier.name}.", "give each form once.", form)
        for (form, _), (earlier, first) in repeats(given, lambda pair: same_report(pair[1]))
    ]


def _write(path: Path, text: str) -> None:
    """The reports file, whole, at once, keeping its permissions, and the byte order mark a
    spreadsheet's "CSV UTF-8" begins with (without it, the spreadsheet garbles accents)."""
    from zinegen.outputs import write_atomically

    try:
        marked = path.read_bytes()[:3] == b"\xef\xbb\xbf"
    except OSError:
        marked = False
    data = ("\ufeff" if marked else "") + text
    write_atomically(path, data.encode("utf-8"), mode=_mode(path))


def _mode(path: Path) -> int:
    """The file's permissions, kept (reports are often kept readable by their owner only)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644
