"""One checker for the TOML files people write (zine.toml, layout.toml): each key declared
with its kind and help, every problem collected with its line, unknown keys with a guess."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zinegen.errors import Problem, fail, read_text

# --- the zine.toml schema ---------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One setting of zine.toml: its kind, whether it is required, and help for messages."""

    help: str
    kind: type | tuple[type, ...] = str
    required: bool = False
    choices: tuple[str, ...] = ()
    item: type | None = None  # element type for lists
    nonempty: bool = False
    pattern: re.Pattern | None = None  # for text, or each text item of a list
    pattern_help: str = ""
    unique: bool = False  # list items may not repeat


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "text in quotes",
        list: "a list in [brackets]",
        dict: "a table",
        bool: "true/false",
        int: "a whole number",
        (int, float): "a number",
    }
    return names.get(kind, getattr(kind, "__name__", str(kind)))  # type: ignore[arg-type]


class Checker:
    """Collects every problem in one zine.toml, so the user fixes the file in one pass."""

    def __init__(self, file: Path, text: str):
        self.file = file
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def problem(self, keypath: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(message, hint, self.file, self.line_of(keypath)))

    def line_of(self, keypath: str) -> int | None:
        """The line where keypath is set, found by reading the TOML text with its tables;
        a dotted key (revealing_words.en = ...) is found under its table too."""
        parts = re.sub(r"\[\d+\]$", "", keypath).split(".")
        # fonts[0].file: the table is fonts[0], as _assignment names [[fonts]] tables
        # The table and the (dotted) key under it; then, for a key inside an inline table
        # (resources = { tags = [...] }), the line that opens it.
        for split in range(len(parts) - 1, -1, -1):
            for end in range(len(parts), split, -1):
                found = self._assignment(".".join(parts[:split]), parts[split:end], keypath)
                if found:
                    return found
        return None

    def _assignment(self, table: str, key: list[str], keypath: str) -> int | None:
        dotted = r"\s*\.\s*".join(rf"\"?{re.escape(part)}\"?" for part in key)
        current = ""
        arrays: dict[str, int] = {}  # [[fonts]] tables seen so far, by name
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            array = re.match(r"^\[\[\s*([^\]]+?)\s*\]\]", line)
            header = re.match(r"^\[\s*([^\]]+?)\s*\]", line)
            if array:  # the n-th [[name]] table is name[n-1]
                name = array.group(1).replace(" ", "")
                arrays[name] = arrays.get(name, -1) + 1
                current = f"{name}[{arrays[name]}]"
            elif header:
                current = header.group(1).replace(" ", "")
            if array or header:
                if current == keypath:
                    return number
                continue
            if current == table and re.match(rf"^{dotted}\s*=", line):
                return number
        return None

    def table(self, data: dict[str, Any], schema: dict[str, Key], prefix: str) -> None:
        for key, value in data.items():
            keypath = f"{prefix}{key}"
            if key not in schema:
                close = difflib.get_close_matches(key, schema, n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else ("known keys here: " + ", ".join(schema))
                )
                self.problem(keypath, f"unknown key '{keypath}'.", hint)
                continue
            self.value(keypath, value, schema[key])
        for key, spec in schema.items():
            if spec.required and key not in data:
                where = f"in [{prefix[:-1]}]" if prefix else "at the top"
                self.problem(
                    prefix[:-1] if prefix else key,
                    f"'{prefix}{key}' is missing {where}.",
                    f"add {key} = ... ({spec.help}).",
                )

    def value(self, keypath: str, value: Any, spec: Key) -> bool:
        if not isinstance(value, spec.kind):
            self.problem(
                keypath,
                f"'{keypath}' should be {_type_name(spec.kind)}, not {value!r}.",
                f"{keypath.rsplit('.', 1)[-1]} is {spec.help}.",
            )
            return False
        if spec.choices and value not in spec.choices:
            self.problem(
                keypath,
                f"'{keypath}' is {value!r}; it must be one of: {', '.join(spec.choices)}.",
            )
            return False
        if spec.item is not None:
            for index, item in enumerate(value):
                if not isinstance(item, spec.item):
                    self.problem(
                        keypath,
                        f"'{keypath}[{index}]' should be {_type_name(spec.item)}, not {item!r}.",
                    )
                    return False
        if spec.nonempty and not (value.strip() if isinstance(value, str) else value):
            self.problem(keypath, f"'{keypath}' is empty.", f"give {spec.help}.")
            return False
        items = value if isinstance(value, list) else [value]
        if spec.pattern is not None:
            for item in items:
                if not spec.pattern.match(item):
                    self.problem(keypath, f"'{keypath}' has {item!r}.", spec.pattern_help + ".")
                    return False
        if spec.unique and len(set(items)) < len(items):
            counts = Counter(items)
            twice = next(item for item in items if counts[item] > 1)
            self.problem(keypath, f"'{keypath}' lists {twice!r} twice.", "remove one of them.")
            return False
        return True


def load_toml(path: Path, limit: int | None = None) -> dict[str, Any]:
    """A TOML file's data (of at most `limit` bytes, if given); a syntax error is reported
    with its line."""
    text = read_text(path) if limit is None else read_text(path, limit)
    try:
        return tomllib.loads(text)
    except RecursionError:
        fail(
            f"{path.name} nests lists or tables deeper than anyone writes by hand.",
            "check for a long run of '[' or '{' pasted by mistake.",
            path,
        )
    except tomllib.TOMLDecodeError as error:
        position = re.search(r"\(at line (\d+), column \d+\)", str(error))
        reason = re.sub(r"\s*\(at (line|end).*\)$", "", str(error))
        fail(
            f"{path.name} is not valid TOML: {reason}.",
            "check the quotes, brackets and '=' on that line."
            if position
            else "check that every quote and bracket is closed.",
            path,
            int(position.group(1)) if position else None,
        )


def check_reach(table: dict, prefix: str, checker: Checker, url_key: str, url_example: str) -> None:
    """A table's ways to reach an organization: 'phone' and 'text', numbers that can be
    dialled, and a web address at `url_key` that a QR code can carry."""
    from zinegen.qr import link_problem

    for key in ("phone", "text"):
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        if "\n" in value.strip() or sum(ch.isdigit() for ch in value) < 3:
            checker.problem(
                f"{prefix}.{key}",
                f"'{prefix}.{key}' is {value!r}, not a phone number.",
                f'write one number as people dial it, e.g. {key} = "(312) 555-0142".',
            )
    url = table.get(url_key)
    if isinstance(url, str) and url.strip():
        why = link_problem(url.strip())
        if why or not url.strip().startswith(("https://", "http://")):
            checker.problem(
                f"{prefix}.{url_key}",
                f"'{prefix}.{url_key}': {why or f'{url!r} is not a web address'}.",
                f'write the whole address, from https://, e.g. {url_key} = "{url_example}".',
            )
