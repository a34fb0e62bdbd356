"""Files of entries a person keeps by hand or in a spreadsheet: resources.yaml (or .csv),
baddates.yaml (or .csv). Each is read into plain dicts of text, with where every entry and
field stands in the file, so that a message can name the line (and a spreadsheet's column).
What the entries mean is for the module that reads each kind of file."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zinegen.errors import Problem, ZinegenError, fail, load_yaml


@dataclass(frozen=True, slots=True)
class Where:
    """Where an entry, and each of its fields, stands in the file: for messages."""

    line: int | None = None  # the entry's first line (YAML) or its row's line (CSV)
    fields: Mapping[str, tuple[int | None, str]] = field(default_factory=dict)  # line, column
    last: int | None = None  # the entry's last line (a YAML block, a CSV row over lines)

    def of(self, key: str | None) -> tuple[int | None, str]:
        """The line of a field, and how to name its column ("" in YAML)."""
        return self.fields.get(key, (self.line, "")) if key else (self.line, "")


@dataclass(frozen=True, slots=True)
class Shape:
    """What a kind of entry file holds, for reading it and for saying what is wrong."""

    fields: Mapping[str, str]  # each field a column may be headed with, and what it holds
    required: tuple[str, ...]  # fields every entry must have
    first_line: str  # how an entry starts in YAML, e.g. "- name: ..."
    header_example: str  # a first row for a spreadsheet
    list_fields: tuple[str, ...] = ()  # cells that hold several items, split at ; or ,
    unknown_columns: bool = False  # keep columns no field is named for (checked entry by entry)


def read_entries(text: str, path: Path, shape: Shape) -> tuple[list, list[Where]]:
    """The entries of a YAML or CSV file, as written, with where each stands."""
    return _read_csv(text, path, shape) if path.suffix == ".csv" else _read_yaml(text, path, shape)


def check_entries(
    entries: list, places: list[Where], check: Callable[[int, object, Where], tuple]
) -> tuple[list, list[Problem]]:
    """Each entry checked by `check(number, entry, where)` -> (what it makes or None, its
    problems): (what they make, every problem), so one run reports every entry's."""
    made, problems = [], []
    for number, entry in enumerate(entries, start=1):
        where = places[number - 1] if number <= len(places) else Where()
        found, found_problems = check(number, entry, where)
        problems += found_problems
        if found is not None:
            made.append(found)
    return made, problems


def _yaml_places(node: yaml.Node | None) -> list[Where]:
    """The line of each entry, and of each of its fields."""
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    return [
        Where(
            item.start_mark.line + 1,
            {
                str(key.value): (key.start_mark.line + 1, "")
                for key, _ in (item.value if isinstance(item, yaml.MappingNode) else [])
            },
            # the parser's end mark is just past the entry: at the start of the next line
            # when the entry ends its line
            item.end_mark.line + (1 if item.end_mark.column else 0),
        )
        for item in items
    ]


def _read_yaml(text: str, path: Path, shape: Shape) -> tuple[list, list[Where]]:
    try:
        data, node = load_yaml(text)  # values stay as written: 0712345, 9:30
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        hint = f"each entry starts with '{shape.first_line}'; indent its other fields under it."
        lines = text.splitlines()
        at = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        # the parser says this of a second ': ' on a line, and of a field indented too far
        if "mapping values are not allowed" in problem and at.split(": ", 1)[-1].count(": "):
            hint = (
                "a value with ': ' in it needs quotes, e.g. "
                'address: "Mobile unit: Cermak and Halsted".'
            )
        elif "mapping values are not allowed" in problem:
            hint = (
                "this line is indented further than the field above it: line up every "
                f"field of an entry under the first one after '{shape.first_line[:2]}'."
            )
        fail(
            f"{path.name} is not valid YAML: {problem}.",
            hint,
            path,
            mark.line + 1 if mark is not None else None,
        )
    if data is None or data == "":
        return [], []
    if not isinstance(data, list):
        fail(
            f"{path.name} should be a list of entries, each starting with '{shape.first_line}'.",
            file=path,
        )
    return data, _yaml_places(node)


# A cell a spreadsheet would run as a formula starts with one of these. zinegen writes such
# a value (from a report form, which anyone may fill in) with an apostrophe before it, as
# spreadsheets themselves mark text, and reads it back without.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def quoted_cell(value: str) -> str:
    """A value as written into a spreadsheet's cell: never a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unquoted_cell(cell: str) -> str:
    """A cell's value, without the apostrophe that kept it from being a formula."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def column_name(index: int) -> str:
    """0 -> 'A', 26 -> 'AA': columns as a spreadsheet names them."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def repeats(items: list, key: Callable[[Any], object]) -> list[tuple[Any, Any]]:
    """Each item whose key an earlier item has, with that earlier item: an entry written
    twice prints twice, almost always a copy-paste slip."""
    seen: dict[object, Any] = {}
    found = []
    for item in items:
        if key(item) in seen:
            found.append((item, seen[key(item)]))
        else:
            seen[key(item)] = item
    return found


def csv_delimiter(text: str) -> str:
    """Commas, semicolons or tabs between cells: whichever the header row uses most."""
    header = text.splitlines()[0] if text.strip() else ""
    return max(",;\t", key=header.count)


def header_names(cells: list[str]) -> list[str]:
    """The header row's cells as field names: in any case, spaces around them dropped."""
    return [name.strip().lower() for name in cells]


def number_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] -> '1-3, 7, 9-10': entries named by number."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _read_csv(text: str, path: Path, shape: Shape) -> tuple[list, list[Where]]:
    """A spreadsheet saved as CSV: a header row of field names (in any case), an entry a
    row; list fields separate their items with ';' or ','. Commas, semicolons or tabs
    between cells, whichever the header row uses."""
    delimiter = csv_delimiter(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        names = header_names(next(rows, []))
        problems = _header_problems(names, path, shape)
        if problems:
            raise ZinegenError(problems)
        entries, places, line = [], [], rows.line_num
        for row in rows:
            first, line = line + 1, rows.line_num
            if not any(cell.strip() for cell in row):
                continue  # an empty row between entries
            extra = [i for i, cell in enumerate(row) if i >= len(names) and cell.strip()]
            unheaded = [
                i for i, cell in enumerate(row[: len(names)]) if not names[i] and cell.strip()
            ]
            if extra or unheaded:
                column = column_name((extra or unheaded)[0])
                fail(
                    f"row {first} has something in column {column}, which the first row "
                    "does not name.",
                    "give the column a field name in the first row, or empty that cell (a "
                    "cell may hold a comma only inside quotes).",
                    path,
                    first,
                )
            entry = {}
            for name, cell in zip(names, row, strict=False):
                cell = unquoted_cell(cell.strip())
                if not name or not cell:
                    continue
                entry[name] = (
                    [part.strip() for part in re.split(r"[;,]", cell) if part.strip()]
                    if name in shape.list_fields
                    else cell
                )
            entries.append(entry)
            columns = {n: (first, f"column {column_name(i)}") for i, n in enumerate(names) if n}
            places.append(Where(first, columns, line))
    except csv.Error as error:
        fail(
            f"{path.name} cannot be read as CSV: {error} (row {rows.line_num}).",
            "a quote that opens a cell must close it; save the file again from your "
            "spreadsheet as CSV UTF-8.",
            path,
            rows.line_num,
        )
    return entries, places


def _header_problems(names: list[str], path: Path, shape: Shape) -> list[Problem]:
    """The first row: every column a known field (unless the shape checks them entry by
    entry), none twice, the required fields there."""
    problems = []
    for i, name in enumerate(names):
        if name and name not in shape.fields and not shape.unknown_columns:
            close = difflib.get_close_matches(name, shape.fields, n=1)
            problems.append(
                Problem(
                    f"column {column_name(i)} is headed {name!r}, which is not a field.",
                    (f"did you mean '{close[0]}'? " if close else "")
                    + "fields: "
                    + ", ".join(shape.fields)
                    + ".",
                    path,
                    1,
                )
            )
        elif name and names.index(name) < i:
            problems.append(
                Problem(
                    f"columns {column_name(names.index(name))} and {column_name(i)} are both "
                    f"headed {name!r}.",
                    "keep one column for each field.",
                    path,
                    1,
                )
            )
    if not all(field in names for field in shape.required):
        problems.append(
            Problem(
                "the first row should name the columns, with at least "
                + " and ".join(shape.required)
                + ".",
                f"e.g. {shape.header_example}",
                path,
                1,
            )
        )
    return problems
