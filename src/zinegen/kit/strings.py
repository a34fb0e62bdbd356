"""The words zinegen and the layouts print by themselves, per language.

They live in one small file a language, strings/<lang>.toml, in the built-in kit; a kit
changes any of them in its own strings/<lang>.toml, giving only the keys it changes, and
brings the file of a language zinegen has none for. Every language has every key of the
English file: a key missing is an error naming the key and the file. Months and years are
written for the language by Babel ("November 2026", "noviembre de 2026").
"""

from __future__ import annotations

import datetime as dt
import difflib
from functools import cache
from pathlib import Path

from zinegen.errors import Problem, ZinegenError, read_text
from zinegen.kit.schema import Checker, load_toml
from zinegen.model import Kit

FOLDER = "strings"
STRINGS_LIMIT = 64 * 1024  # bytes: a page of words


def _flat(table: dict, prefix: str = "") -> dict[str, object]:
    """{"categories": {"hotline": "Hotline"}} -> {"categories.hotline": "Hotline"}."""
    flat: dict[str, object] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _read(path: Path) -> tuple[dict[str, object], list[Problem]]:
    """A strings file's words, flat, or the problem reading it (its line, where known)."""
    try:
        return _flat(load_toml(path, STRINGS_LIMIT)), []
    except ZinegenError as error:
        return {}, error.problems


@cache
def english_strings() -> dict[str, object]:
    """The built-in English words, for a kit read without its strings (a part of it
    loaded alone)."""
    from zinegen.kit.files import builtin_dir

    return _read(builtin_dir() / FOLDER / "en.toml")[0]


def read_strings(kit: Kit) -> tuple[dict[str, dict[str, object]], list[Problem]]:
    """Each of the kit's languages' strings, the kit's own over the built-in ones, and
    every problem with them: a language without strings, a key missing or unknown, a
    value that is not text."""
    builtin = kit.search_path[-1] / FOLDER
    english, problems = _read(builtin / "en.toml")
    found: dict[str, dict[str, object]] = {}
    for lang in kit.languages:
        files = [root / FOLDER / f"{lang}.toml" for root in reversed(kit.search_path)]
        files = [path for path in dict.fromkeys(files) if path.is_file()]
        if not files:
            problems.append(
                Problem(
                    f"there are no printed words for the language '{lang}' (zinegen has "
                    "them for: " + ", ".join(sorted(p.stem for p in builtin.glob("*.toml"))) + ").",
                    f"copy {builtin / 'en.toml'} to {kit.root / FOLDER / (lang + '.toml')} "
                    "and translate the words between the quotes.",
                    kit.config_file,
                )
            )
            continue
        merged: dict[str, object] = {}
        for path in files:
            words, wrong = _read(path)
            problems += wrong
            problems += _check(path, words, english)
            merged.update(words)
        missing = [key for key in english if key not in merged]
        if missing:
            problems.append(
                Problem(
                    f"{files[-1].name} has no words for: {', '.join(missing)}.",
                    f"add them, as in {builtin / 'en.toml'}.",
                    files[-1],
                )
            )
        found[lang] = merged
    return found, problems


def _check(path: Path, words: dict[str, object], english: dict[str, object]) -> list[Problem]:
    checker = Checker(path, read_text(path, STRINGS_LIMIT))
    for key, value in words.items():
        if key not in english:
            close = difflib.get_close_matches(key, english, n=1)
            checker.problem(
                key,
                f"unknown key '{key}'.",
                f"did you mean '{close[0]}'?" if close else "keys: as in the English file.",
            )
        elif not isinstance(value, str):
            checker.problem(key, f"'{key}' should be words in quotes, not {value!r}.")
        elif "{" in str(english[key]) and not _same_fields(str(english[key]), value):
            checker.problem(
                key,
                f"'{key}' should keep the {_fields(str(english[key]))} of the English.",
                f"the English is: {english[key]}",
            )
    return checker.problems


def _fields(text: str) -> str:
    import string

    return ", ".join("{" + name + "}" for _, name, _, _ in string.Formatter().parse(text) if name)


def _same_fields(english: str, translated: str) -> bool:
    try:
        return _fields(english) == _fields(translated)
    except ValueError:  # an unmatched brace
        return False


def month_year(date: dt.date, lang: str) -> str:
    """A month and year as the language writes them: November 2026, noviembre de 2026."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", date, locale=_locale(lang))


def _locale(lang: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def long_date(date: dt.date, lang: str) -> str:
    """A day as the language writes it in full: November 26, 2026; 26 de noviembre de 2026."""
    from babel.dates import format_date

    return format_date(date, "long", locale=_locale(lang))


def short_date(date: dt.date, lang: str) -> str:
    """A day in short: Nov 20, 2026; 20 nov 2026."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMd", date, locale=_locale(lang))
