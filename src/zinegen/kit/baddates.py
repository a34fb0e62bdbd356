"""A kit's bad date reports (baddates.yaml or baddates.csv): checked, then printed as the
section `bad-dates` on a dated sheet.

Workers report dangerous clients; an organization prints the reports for others to screen
against. A report holds what helps someone recognise the danger and nothing that could say
who reported it: a field outside the list below is refused, by name, and its value is never
printed, not even in the message refusing it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zinegen.errors import Problem, ZinegenError, fail, read_text
from zinegen.kit.entries import (
    Shape,
    Where,
    check_entries,
    quoted_cell,
    read_entries,
    repeats,
)
from zinegen.kit.schema import Checker, Key, check_reach
from zinegen.model import BadDate, BadDateSettings, Kit, Product, Section

BADDATES_FILES = ("baddates.yaml", "baddates.csv")  # a kit has one of them
SECTION_ID = "bad-dates"  # the section id that prints a kit's current reports

# In the order a sheet prints them (date and area share a line).
FIELDS = {
    "date": "when it happened or was reported, e.g. 2026-11-20",
    "warning": "a short headline, printed first, e.g. Takes the money back by force",
    "area": "neighbourhood, city or online platform",
    "description": "of the person: what would help someone recognise them",
    "vehicle": "make, colour and plate, as reported",
    "contact": "the phone number, e-mail or handle the person used",
    "what_happened": "what the person did, in a few plain sentences",
    "expires": "the last day it prints (if not given: [baddates] keep_days after its date)",
}
REQUIRED = ("date", "warning")
TEXT_FIELDS = ("warning", "area", "description", "vehicle", "contact", "what_happened")
# How long a field may be: a report is never split, so it must fit in one column.
MAX_CHARS = {"what_happened": 700, "warning": 120}
MAX_CHARS_OTHER = 240
MAX_REPORTS = 2000  # a file; a sheet prints far fewer

# Names people give fields that hold who reported. Refused, with a reason that says so.
REPORTER = re.compile(
    r"^(report(er|ed_?by|ing)|submitted_?by|source|worker|survivor|victim|informant|my_|"
    r"your_|name$|full_?name|first_?name|last_?name|email$|e-mail$|phone$|tel$|telephone$|"
    r"mobile$|cell$|whatsapp$|signal$|telegram$|address$|home)",
    re.IGNORECASE,
)
# Fields named for something a sheet prints, under another name.
SYNONYMS = {
    "plate": "vehicle",
    "car": "vehicle",
    "license_plate": "vehicle",
    "location": "area",
    "place": "area",
    "city": "area",
    "where": "area",
    "platform": "area",
    "headline": "warning",
    "title": "warning",
    "summary": "warning",
    "details": "what_happened",
    "story": "what_happened",
    "incident": "what_happened",
    "notes": "what_happened",
    "when": "date",
    "reported": "date",
    "handle": "contact",
    "number": "contact",
    "aggressor_phone": "contact",
    "expiry": "expires",
    "expires_on": "expires",
    "looks": "description",
    "appearance": "description",
}
SHAPE = Shape(
    FIELDS,
    required=REQUIRED,
    first_line="- date: ...",
    header_example="date,warning,area,description,vehicle,contact,what_happened",
    unknown_columns=True,  # refused report by report, with the reason
)

SETTINGS_KEYS = {
    "keep_days": Key("how many days a report prints after its date, e.g. 90", kind=int),
    "edition_days": Key(
        "how many days an edition is valid: print the next one before then, e.g. 7", kind=int
    ),
    "report_url": Key(
        'your report form on the web, printed as a QR code, e.g. "https://example.org/report"'
    ),
    "phone": Key('a number to call with a report, if not the organization\'s, e.g. "555-0142"'),
    "text": Key('a number to text a report to, if not the organization\'s, e.g. "555-0143"'),
}


def dated(product: Product) -> bool:
    """Whether a product prints bad date reports, so is made for an edition's day."""
    return SECTION_ID in product.sections


def read_settings(table: Any, checker: Checker) -> BadDateSettings:
    """zine.toml's [baddates] table, checked (defaults where it says nothing)."""
    if not isinstance(table, dict):
        return BadDateSettings()
    before = len(checker.problems)
    checker.table(table, SETTINGS_KEYS, "baddates.")
    for key, low, high, example in (
        ("keep_days", 1, 3650, "keep_days = 90 (about three months)"),
        ("edition_days", 1, 366, "edition_days = 7 (a weekly sheet)"),
    ):
        value = table.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high:
            checker.problem(
                f"baddates.{key}",
                f"'baddates.{key}' is {value}; give a number of days from {low} to {high}.",
                f"e.g. {example}.",
            )
    check_reach(table, "baddates", checker, "report_url", "https://example.org/report")
    if len(checker.problems) > before:
        return BadDateSettings()
    return BadDateSettings(
        **{
            key: value.strip() if isinstance(value, str) else value
            for key, value in table.items()
            if key in SETTINGS_KEYS
        }
    )


def load_reports(
    path: Path, keep_days: int = 90, text: str | None = None
) -> tuple[list[BadDate], str]:
    """Read and check baddates.yaml or baddates.csv (or `text` as that file): the reports
    and the file's text. Every problem names the report, the field and its line."""
    text = read_text(path) if text is None else text
    entries, places = read_entries(text, path, SHAPE)
    if len(entries) > MAX_REPORTS:
        fail(
            f"{path.name} has {len(entries)} reports; zinegen reads at most {MAX_REPORTS}.",
            "move reports that have expired to another file, outside the kit.",
            path,
        )
    reports, problems = check_entries(
        entries, places, lambda n, entry, where: check_report(n, entry, path, where, keep_days)
    )
    problems += _repeats(reports, path)
    if problems:
        raise ZinegenError(sorted(problems, key=lambda p: p.line or 0))
    return reports, text


def check_report(
    number: int,
    entry: object,
    path: Path,
    where: Where,
    keep_days: int = 90,
    label: str | None = None,
) -> tuple[BadDate | None, list[Problem]]:
    """One report, checked: (the report, or None; every problem with it). No message
    repeats a value, so a reporter's details pasted by mistake go nowhere else. `label`
    names the report in messages ("report 3" if not given; "" for a file holding one,
    such as a filled report form)."""

    def problem(
        message: str, hint: str = "", key: str | None = None, shown: str | None = None
    ) -> Problem:
        line, column = where.of(key)
        named = [f"report {number}" if label is None else label]
        named += [f"field '{key if shown is None else shown}'"] if key and shown != "" else []
        named += [column] if column else []
        return Problem(f"{', '.join(n for n in named if n)}: {message}", hint, path, line)

    if not isinstance(entry, dict):
        return None, [problem("should be 'field: value' lines.", "start it with '- date: ...'.")]
    problems = []
    for key in entry:
        if key not in FIELDS:
            name = field_name(str(key))
            if name is None:  # words, not a field's name: never repeated
                problems.append(problem(*NOT_A_FIELD, key=str(key), shown=""))
            else:
                problems.append(problem(*_refused(name), key=str(key), shown=name))
    for key in REQUIRED:
        if not entry.get(key):
            problems.append(problem(f"is missing; add {key}: ... ({FIELDS[key]}).", key=key))
    values: dict[str, str] = {}
    for key in (*TEXT_FIELDS, "date", "expires"):
        value = entry.get(key)
        if isinstance(value, (dict, list)):
            problems.append(problem("should be one piece of text.", key=key))
        elif value:
            values[key] = " ".join(str(value).split())  # one paragraph, as it prints
    for key in TEXT_FIELDS:
        limit = MAX_CHARS.get(key, MAX_CHARS_OTHER)
        if len(values.get(key, "")) > limit:
            problems.append(
                problem(
                    f"is {len(values[key])} characters; a report holds at most {limit} here.",
                    "keep what helps someone recognise the danger; a report is never split "
                    "across columns, so it must fit in one.",
                    key,
                )
            )
    date, expires = _date(values.get("date")), _date(values.get("expires"))
    for key, value in (("date", date), ("expires", expires)):
        if value == "bad":
            problems.append(
                problem("is not a date.", "write it as year-month-day, e.g. 2026-11-20.", key)
            )
    if isinstance(date, dt.date) and isinstance(expires, dt.date) and expires < date:
        problems.append(
            problem(
                f"is {expires}, before the report's date ({date}).",
                "give the last day it should print, or leave expires out.",
                "expires",
            )
        )
    if problems or not isinstance(date, dt.date):
        return None, problems
    return BadDate(
        number=number,
        date=date,
        warning=values["warning"],
        expires=expires if isinstance(expires, dt.date) else date + dt.timedelta(days=keep_days),
        area=values.get("area", ""),
        description=values.get("description", ""),
        vehicle=values.get("vehicle", ""),
        contact=values.get("contact", ""),
        what_happened=values.get("what_happened", ""),
        line=where.line,
        last_line=where.last,
        field_lines={key: where.of(key)[0] for key in values},
    ), []


# A field's name is a word or two; anything else written where a field's name goes (a line
# of notes with a ':' in it, a header cell) may hold a reporter's name or number.
FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z_ -]{0,30}")
NOT_A_FIELD = (
    "what is written where a field's name goes is not one of the fields, and is refused; "
    "it is not repeated here, in case it says who reported.",
    "delete it; if it tells what the person did, put that in what_happened (nothing about "
    "who reported).",
)


def field_name(key: str) -> str | None:
    """`key` when it looks like the name of a field, else None: it is not to be repeated."""
    return key if FIELD_NAME.fullmatch(key) else None


def _refused(key: str) -> tuple[str, str]:
    """Why a field outside the list is refused, and what to do: (message, hint)."""
    close = [SYNONYMS[key.lower()]] if key.lower() in SYNONYMS else []
    close = close or difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.75)
    if key.lower() in ("phone", "number", "email", "e-mail"):
        return (
            "is not a field; zinegen refuses it and prints nothing of it.",
            "if it is the number or address the aggressor used, name the field 'contact'; "
            "if it is the reporter's own, delete the line.",
        )
    if REPORTER.match(key) and not close:
        return (
            "could identify the person who reported; zinegen refuses it and never prints "
            "or keeps it.",
            "delete it from the file (the line, or the spreadsheet's column): keep "
            "reporters' names, numbers and handles out of the kit altogether.",
        )
    return (
        "is not a field; fields outside the list are refused, since they could identify "
        "the person who reported.",
        (f"did you mean '{close[0]}'? " if close else "") + "fields: " + ", ".join(FIELDS) + ".",
    )


def _date(value: str | None) -> dt.date | str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return "bad"


def same_report(report: BadDate) -> tuple:
    """What two copies of one report share: its date, warning and what happened."""
    return (report.date, report.warning.lower(), report.what_happened.lower())


def _repeats(reports: list[BadDate], path: Path) -> list[Problem]:
    """The same report entered twice."""
    return [
        Problem(
            f"report {r.number} repeats report {first.number}.", "remove one of them.", path, r.line
        )
        for r, first in repeats(reports, same_report)
    ]


def read_baddates(kit: Kit) -> tuple[list[BadDate], str, list[Problem]]:
    """The kit's baddates.yaml or baddates.csv, checked: (reports, the file's text, every
    problem)."""
    if kit.baddates_file is None:
        return [], "", []
    try:
        reports, text = load_reports(kit.baddates_file, kit.baddate_settings.keep_days)
    except ZinegenError as error:
        return [], "", error.problems
    return reports, text, []


# Phone numbers and e-mail addresses, where a report should have none: a reporter's own
# number pasted by mistake. Besides the numbers zinegen links when printing, any run of
# seven digits or more counts, but for a date (2026-11-02) and in 'vehicle', where a plate
# may run to seven.
_CONTACT_IN_TEXT = re.compile(r"(?<![\d-])\d(?:[ .()-]{0,2}\d){6,14}(?![\d-])")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def stray_contacts(report: BadDate, path: Path) -> list[Problem]:
    """A warning for each field other than 'contact' with a phone number or an e-mail
    address in it (the value is not repeated)."""
    from zinegen.addresses import found_contacts

    warnings = []
    for key in ("warning", "area", "description", "vehicle", "what_happened"):
        value = getattr(report, key)
        kinds = found_contacts(value)
        runs = [m for m in _CONTACT_IN_TEXT.findall(value) if not _ISO_DATE.fullmatch(m)]
        if runs and key != "vehicle" and "phone number" not in kinds:
            kinds.append("phone number")
        if kinds:
            named = " and ".join(("an " if kind[0] == "e" else "a ") + kind for kind in kinds)
            warnings.append(
                Problem(
                    f"report {report.number}, field '{key}': there is {named} in it.",
                    "if it is the reporter's own, delete it before printing; if the person "
                    "reported used it, move it to 'contact'.",
                    path,
                    report.field_lines.get(key, report.line),
                )
            )
    return warnings


@dataclass(frozen=True, slots=True)
class Edition:
    """The reports one edition of the sheet prints, and those it leaves out."""

    date: dt.date
    valid_until: dt.date
    current: tuple[BadDate, ...]  # newest first
    expired: tuple[BadDate, ...]
    future: tuple[BadDate, ...]  # dated after the edition

    def summary(self) -> str:
        """For the build summary: what printed and what was left out."""
        n = len(self.current)
        line = f"{n} current report{'s' * (n != 1)}" if n else "no current reports"
        left = []
        if self.expired:
            left.append(f"{len(self.expired)} expired")
        if self.future:
            left.append(f"{len(self.future)} dated after {self.date}")
        line += f" (left out: {', '.join(left)})" if left else ""
        return f"edition {self.date}, valid until {self.valid_until}: {line}"


def edition(reports: tuple[BadDate, ...], as_of: dt.date, settings: BadDateSettings) -> Edition:
    """The reports current on `as_of` (dated on or before it, not yet expired), newest
    first; a later report in the file comes first among those of one day."""
    current = [r for r in reports if r.date <= as_of <= r.expires]
    current.sort(key=lambda r: (r.date, r.number), reverse=True)
    return Edition(
        date=as_of,
        valid_until=as_of + dt.timedelta(days=settings.edition_days),
        current=tuple(current),
        expired=tuple(r for r in reports if r.expires < as_of),
        future=tuple(r for r in reports if r.date > as_of),
    )


def _unbroken_numbers(text: str) -> str:
    """Text, escaped, with each phone number in it kept on one line, never linked: on a
    bad date sheet a number is to recognise, not to call."""
    from zinegen.addresses import find

    parts, at = [], 0
    for start, end, _, kind in find(text):
        if kind == "phone":
            parts += [html.escape(text[at:start]), '<span class="number">']
            parts += [html.escape(text[start:end]), "</span>"]
            at = end
    return "".join(parts) + html.escape(text[at:])


def _report_html(report: BadDate, words, lang: str) -> str:
    """One report: the headline first, then when and where, the vehicle and the contact
    under their labels, then the description and what happened."""
    from zinegen.kit.strings import short_date

    e = html.escape
    parts = [f'<article class="report whole" id="report-{report.number}">']
    parts.append(f'<h3 class="report-warning">{e(report.warning)}</h3>')
    when = [f'<span class="report-date">{e(short_date(report.date, lang))}</span>']
    if report.area:
        when.append(f'<span class="report-area">{e(report.area)}</span>')
    parts.append(f'<p class="report-when">{" · ".join(when)}</p>')
    for key in ("vehicle", "contact", "description", "what_happened"):
        value = getattr(report, key)
        if value:
            label = e(str(words[f"baddates.{key}"]))
            parts.append(
                f'<p class="report-{key.replace("_", "-")}"><span class="report-label">'
                f"{label}</span> {_unbroken_numbers(value)}</p>"
            )
    parts.append("</article>")
    return "".join(parts)


def baddates_section(kit: Kit, lang: str, as_of: dt.date) -> Section:
    """The reports current on `as_of` as a section, newest first; warnings for the
    printed ones with a phone number or e-mail address outside 'contact', and for reports
    dated after the edition when it is made for today (likely a mistyped date)."""
    from zinegen.kit.strings import english_strings

    words = kit.strings.get(lang) or english_strings()
    made = edition(kit.baddates, as_of, kit.baddate_settings)
    path = kit.baddates_file or kit.config_file
    if made.current:
        body = [_report_html(r, words, lang) for r in made.current]
    else:
        body = [f'<p class="reports-none">{html.escape(str(words["baddates.none"]))}</p>']
    warnings = [w for r in made.current for w in stray_contacts(r, path)]
    if made.future and as_of == dt.date.today():
        listed = ", ".join(f"report {r.number} ({r.date})" for r in made.future[:5])
        warnings.append(
            Problem(
                f"{listed}{' and more' if len(made.future) > 5 else ''} "
                f"{'is' if len(made.future) == 1 else 'are'} dated after today, so left out.",
                "check the date: it is when it happened or was reported.",
                path,
                made.future[0].line,
            )
        )
    meta = {f"report-{r.number}": f"report {r.number}" for r in made.current}
    return Section(
        id=SECTION_ID,
        title=str(words["baddates.reports"]),
        html=f'<div class="reports">{"".join(body)}</div>',
        lang=lang,
        source=path,
        audience="workers",
        meta=meta,
        text=kit.baddates_text,
        generated=True,
        warnings=tuple(warnings),
        said=made.summary(),
    )


YAML_HEADER = """\
# Bad date reports: one entry each, starting with '- date:'. See "Bad date sheets" in
# zinegen's README. Never write who reported: no names, numbers or handles of reporters.
"""


def append_reports(path: Path, text: str, reports: list[dict[str, str]]) -> str:
    """`text`, the kit's baddates.yaml or .csv ("" if there is none yet), with `reports`
    (checked already: fields of the schema only) added at its end: in YAML as written by
    hand, one 'field: value' line a field; in CSV as rows in the file's own columns."""
    newline = "\r\n" if "\r\n" in text else "\n"
    if path.suffix == ".csv":
        return _append_rows(path, text, reports, newline)
    import json

    # The new reports go at the indent of those there (a list may be indented); a file
    # holding no list yet ('[]', or comments only) starts one.
    found = re.search(r"^( *)- ", text, re.MULTILINE)
    indent = found.group(1) if found else ""
    kept = [line for line in text.splitlines() if line.strip() not in ("[]", "[ ]")]
    entries = []
    for report in reports:
        fields = [key for key in FIELDS if report.get(key)]
        # JSON strings are YAML strings: quoted, with anything special escaped
        entries.append(
            newline.join(
                f"{indent}{'- ' if i == 0 else '  '}{key}: "
                f"{json.dumps(report[key], ensure_ascii=False)}"
                for i, key in enumerate(fields)
            )
        )
    before = newline.join(kept).rstrip() if text.strip() else ""
    before = before or YAML_HEADER.replace("\n", newline).rstrip()
    return newline.join([before, *(newline + entry for entry in entries)]) + newline


def _append_rows(path: Path, text: str, reports: list[dict[str, str]], newline: str) -> str:
    """Rows for `reports` under baddates.csv's own header, with its delimiter."""
    import csv
    import io

    from zinegen.kit.entries import csv_delimiter, header_names

    delimiter = csv_delimiter(text)  # as entries.read_entries reads it
    header = text.splitlines()[0] if text.strip() else ""
    names = header_names(next(csv.reader([header], delimiter=delimiter)))
    needed = dict.fromkeys(key for report in reports for key in FIELDS if report.get(key))
    missing = [key for key in needed if key not in names]
    if missing:
        fail(
            f"{path.name} has no column for {', '.join(repr(k) for k in missing)}, which the "
            "reports to add fill in; nothing was added.",
            "add a column headed " + " and one headed ".join(missing) + " to the first row, "
            "then import again.",
            path,
            1,
        )
    rows = io.StringIO()
    writer = csv.writer(rows, delimiter=delimiter, lineterminator=newline)
    for report in reports:
        writer.writerow([quoted_cell(report.get(name, "")) for name in names])
    body = text if text.endswith(("\n", "\r")) else text + newline
    return body + rows.getvalue()


def without_expired(path: Path, keep_days: int, as_of: dt.date) -> tuple[str, list[BadDate]]:
    """The text of baddates.yaml (or .csv) with the reports that expired before `as_of`
    taken out, and those reports. A report's lines are those the parser read it from,
    first to last (a block of text with a '#' in it too); comments and blank lines around
    it, and everything else of the file, stay as written."""
    reports, text = load_reports(path, keep_days)
    lines = text.splitlines(keepends=True)
    spans = [(r.line, r.last_line) for r in reports]
    shared = any(
        a[1] is None or b[0] is None or b[0] <= a[1]  # type: ignore[operator]
        for a, b in itertools.pairwise(spans)
    )
    if shared or any(first is None or last is None for first, last in spans):
        fail(
            f"{path.name} has reports that share a line, so zinegen cannot take one out "
            "without the other; nothing was changed.",
            "write each report on lines of its own, starting with '- date:', then try again.",
            path,
        )
    gone = [r for r in reports if r.expires < as_of]
    cut: set[int] = set()  # 0-based indexes of the lines to take out
    for report in gone:
        first, end = report.line - 1, report.last_line  # type: ignore[operator]
        # A block of text ('|') ends where the next report starts: blank lines and
        # comments no further in than the report's '-' before it are the file's own.
        dash = len(lines[first]) - len(lines[first].lstrip())
        while (
            path.suffix != ".csv"
            and end - 1 > first
            and (
                not lines[end - 1].strip()
                or (
                    lines[end - 1].lstrip().startswith("#")
                    and len(lines[end - 1]) - len(lines[end - 1].lstrip()) <= dash
                )
            )
        ):
            end -= 1
        cut.update(range(first, end))
    return "".join(line for i, line in enumerate(lines) if i not in cut), gone
