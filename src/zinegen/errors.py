"""Problems a user can fix, collected and raised as one error."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said in plain words."""

    message: str  # what is wrong
    hint: str = ""  # what to do about it
    file: Path | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            shown = shown_path(self.file)
            where = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        text = where + self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def relative_to(path: Path, root: Path) -> Path:
    """`path` inside `root` as a relative path; a path elsewhere as it is."""
    return path.relative_to(root) if path.is_relative_to(root) else path


def shown_path(path: Path) -> Path:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except (ValueError, OSError):
        return path


class ZinegenError(Exception):
    """Something the user can fix. exit_code 2: bad input; 1: preflight."""

    def __init__(self, problems: list[Problem], exit_code: int = 2, warnings=()):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.exit_code = exit_code
        self.warnings = list(warnings)  # said before the problems, when there are any


def fail(
    message: str, hint: str = "", file: Path | None = None, line: int | None = None
) -> NoReturn:
    """Raise a ZinegenError holding a single problem."""
    raise ZinegenError([Problem(message, hint, file, line)])


TEXT_LIMIT = 2 * 1024 * 1024  # a section, zine.toml or resources list is far smaller


def read_bounded(path: Path, limit: int, what: str = "file") -> bytes:
    """A user's file, read only if it is a regular file of at most `limit` bytes: the size
    is checked before reading, and the read stops past it (a FIFO, a device or a huge file
    would hang or exhaust memory)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            fail(
                f"the {what} is not a regular file (a folder, device or pipe).",
                "use an ordinary file saved from your editor.",
                path,
            )
        if info.st_size > limit:
            fail(
                f"the {what} is {info.st_size / 1024 / 1024:.1f} MB; the limit is "
                f"{limit / 1024 / 1024:g} MB.",
                "split it, or check that it is the file you meant.",
                path,
            )
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        fail(
            f"cannot read the file: {error.strerror}.",
            "check that it exists and is readable.",
            path,
        )
    if len(data) > limit:  # it grew while being read
        fail(f"the {what} is over the {limit // 1024 // 1024} MB limit.", "", path)
    return data


def read_text(path: Path, limit: int = TEXT_LIMIT) -> str:
    """A user's text file (zine.toml, a section) as str; a byte-order mark is dropped."""
    data = read_bounded(path, limit, "text file")
    try:
        return data.decode("utf-8-sig")  # editors on Windows may start files with a BOM
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        fail("the file is not UTF-8 text.", "save it as UTF-8 in your editor.", path, line)


YAML_DEPTH = 32  # nested lists and tables; a resources list needs three


NO_ALIASES = "anchors and aliases (&name, *name) are not allowed; write each value out"
TOO_DEEP = f"lists and tables are nested more than {YAML_DEPTH} deep"


def load_yaml(text: str) -> tuple[object, yaml.Node | None]:
    """A person's YAML read as TextLoader describes (values as written; no anchors, aliases
    or deep nesting), and its node tree, which knows the line of every value. The C parser
    does the reading when PyYAML has it: a resources list of a thousand entries takes a
    tenth of a second, not ten."""
    if not yaml.__with_libyaml__:
        loader = TextLoader(text)
        try:
            node = loader.get_single_node()
            return (loader.construct_document(node) if node is not None else None), node
        finally:
            loader.dispose()
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CBaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(problem=NO_ALIASES, problem_mark=event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_DEPTH:
                raise yaml.composer.ComposerError(problem=TOO_DEEP, problem_mark=event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    node = yaml.compose(text, Loader=yaml.CBaseLoader)
    return (TextLoader("").construct_document(node) if node is not None else None), node


class TextLoader(yaml.BaseLoader):
    """YAML for people's files: every value stays text as written ('phone: 0712345' keeps
    its 0, 'title: No' is "No", not False), and a key written twice is an error. Anchors and
    aliases (&name, *name), which let a few bytes expand into gigabytes, are refused, and so
    is nesting deeper than anyone writes by hand."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(problem=NO_ALIASES, problem_mark=event.start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > YAML_DEPTH:
                raise yaml.composer.ComposerError(problem=TOO_DEEP, problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    problem="a key must be a plain word such as 'name' (a line starting with "
                    "'[' or '{' is read as a list or a table)",
                    problem_mark=key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    problem=f"the key '{key}' appears twice", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)
