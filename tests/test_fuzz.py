"""Property tests of every loader: whatever a kit's files hold, zinegen loads them or stops
with a message that names the file. Never a traceback, never a hang.

Each test starts from a file that loads (the example kit's, a built-in layout's) and
changes it at random: values of the wrong kind or out of range, keys removed or unknown,
text with Markdown's and YAML's special characters, damaged fonts. `make test` runs a
few dozen examples of each; `make fuzz` runs thousands (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import copy
import csv
import io
import os
import re
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zinegen.errors import ZinegenError
from zinegen.kit import builtin_dir, load_kit
from zinegen.kit.config import read_config
from zinegen.kit.resources import load_resources
from zinegen.kit.sections import parse_section

settings.register_profile(
    "zinegen", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "zinegen"))

EXAMPLE = builtin_dir() / "examples" / "riverbend"
if not EXAMPLE.is_dir():  # a checkout, not an installed wheel
    EXAMPLE = Path(__file__).parent.parent / "examples" / "riverbend"

# Text rich in what the parsers treat specially, plus anything else Unicode has.
SPECIAL = "[]()!*_#<>`-|:{}&\"'\\/%@~=^+.,;?\t\n\r\x00\u2028\ufeff"
texts = st.text(st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8")), max_size=60)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    texts,
    st.sampled_from(["", "en", "letter", "a4", "card", "booklet", "hello", "2026-11", "7mm"]),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=10,
)


def paths(doc, prefix=()) -> Iterator[tuple]:
    """Every place in a nested document: dict keys and list items."""
    yield prefix
    items = (
        doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    )
    for key, value in items:
        yield from paths(value, (*prefix, key))


@st.composite
def mutated(draw, base):
    """`base` with one to four random changes: a value replaced, removed, or a key added."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        place = draw(st.sampled_from(list(paths(doc))))
        parent = doc
        for key in place[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if not place or action == "add":
            target = parent[place[-1]] if place else doc
            if isinstance(target, dict):
                target[draw(st.one_of(texts, st.sampled_from(list(target) or ["x"])))] = draw(
                    values
                )
            elif isinstance(target, list):
                target.append(draw(values))
        elif action == "remove":
            del parent[place[-1]]
        else:
            parent[place[-1]] = draw(values)
    return doc


def toml_safe(doc):
    """What TOML can hold: no nulls (dropped), text keys."""
    if isinstance(doc, dict):
        return {str(k): toml_safe(v) for k, v in doc.items() if v is not None}
    if isinstance(doc, list):
        return [toml_safe(v) for v in doc if v is not None]
    return doc


@contextmanager
def kit_folder(files: dict[str, str | bytes]) -> Iterator[Path]:
    """A fresh kit folder holding the example kit's content and logo, plus `files`."""
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "kit"
        for source in EXAMPLE.rglob("*"):
            if source.is_file():
                target = root / source.relative_to(EXAMPLE)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read_bytes())
        for relpath, content in files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8", errors="surrogatepass")
            else:
                path.write_bytes(content)
        yield root


def loads_or_says_why(load) -> None:
    """The only outcomes: a load, or a zinegen error whose every problem has a message."""
    try:
        load()
        event("loaded")
    except ZinegenError as error:
        assert error.problems
        assert all(p.message.strip() for p in error.problems)
        assert error.exit_code in (1, 2)
        # what the examples run into: --hypothesis-show-statistics lists them
        said = re.sub(r"'[^']*'|\"[^\"]*\"|\S*\d\S*", "_", error.problems[0].message)
        event("refused: " + said.split(" not ")[0].split(": ")[-1][:60])


def _encodable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


ZINE_TOML = tomllib.loads((EXAMPLE / "zine.toml").read_text(encoding="utf-8"))


def read_config_or_fail(kit: Path) -> None:
    """zine.toml alone (and the fonts and logo it names), its problems raised."""
    _, problems = read_config(kit)
    if problems:
        raise ZinegenError(problems)


@settings(max_examples=max(settings.default.max_examples // 2, 1))  # a whole kit each
@given(mutated(ZINE_TOML))
def test_any_zine_toml_loads_or_is_a_message(doc):
    text = tomli_w.dumps(toml_safe(doc))
    with kit_folder({"zine.toml": text}) as kit:
        loads_or_says_why(lambda: load_kit(kit, stylesheets=True))


@given(st.one_of(texts, st.text(max_size=400)))
def test_any_text_as_zine_toml_loads_or_is_a_message(text):
    with kit_folder({"zine.toml": _encodable(text)}) as kit:
        loads_or_says_why(lambda: read_config_or_fail(kit))


SECTION = (EXAMPLE / "content" / "en").glob("*.md").__next__()
FRONT, BODY = SECTION.read_text(encoding="utf-8").split("---\n", 2)[1:]


def markdownish() -> st.SearchStrategy[str]:
    """Bodies built from pieces of Markdown and HTML, joined by random text."""
    pieces = st.sampled_from(
        [
            "# ",
            "- ",
            "1. ",
            "> ",
            "    ",
            "```\n",
            "| a | b |\n|---|---|\n",
            "[x](",
            "](#a)",
            "![a](",
            "x.png)",
            "<div>",
            "</div>",
            "<img src=",
            '<a href="',
            "*",
            "**",
            "\n\n",
            "{{ ",
            " }}",
            "{% ",
            "&amp;",
            "&#",
            "<!--",
            "qr:",
        ]
    )
    return st.lists(st.one_of(pieces, texts), max_size=30).map("".join)


@given(mutated(yaml.safe_load(FRONT)), markdownish())
def test_any_section_loads_or_is_a_message(meta, body):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    with kit_folder({f"content/en/{SECTION.name}": _encodable(text)}) as kit:
        loads_or_says_why(lambda: parse_section(kit / f"content/en/{SECTION.name}", "en", (kit,)))


@given(st.one_of(texts, st.text(max_size=300)), markdownish())
def test_any_front_matter_text_loads_or_is_a_message(front, body):
    text = f"---\n{front}\n---\n{body}"
    with kit_folder({f"content/en/{SECTION.name}": _encodable(text)}) as kit:
        loads_or_says_why(lambda: parse_section(kit / f"content/en/{SECTION.name}", "en", (kit,)))


RESOURCES = yaml.safe_load((EXAMPLE / "resources.yaml").read_text(encoding="utf-8"))


@given(mutated(RESOURCES))
def test_any_resources_yaml_loads_or_is_a_message(entries):
    text = yaml.safe_dump(entries, allow_unicode=True)
    with kit_folder({"resources.yaml": _encodable(text)}) as kit:
        loads_or_says_why(lambda: load_resources(kit / "resources.yaml"))


@given(mutated(RESOURCES), st.sampled_from([",", ";", "\t"]), st.sampled_from(["", "\ufeff"]))
def test_any_resources_csv_loads_or_is_a_message(entries, delimiter, bom):
    rows = [entry for entry in entries if isinstance(entry, dict)] or [{}]
    names = list(dict.fromkeys(str(key) for row in rows for key in row)) or ["name"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name, "")) for name in names])
    with kit_folder({"resources.csv": bom + _encodable(out.getvalue())}) as kit:
        (kit / "resources.yaml").unlink()
        loads_or_says_why(lambda: load_resources(kit / "resources.csv"))


def _cell(value) -> str:
    if isinstance(value, list):
        return ";".join(map(str, value))
    return "" if value is None else str(value)


@given(st.binary(max_size=2000))
def test_any_bytes_as_resources_load_or_are_a_message(data):
    with kit_folder({"resources.csv": data}) as kit:
        (kit / "resources.yaml").unlink()
        loads_or_says_why(lambda: load_resources(kit / "resources.csv"))
    with kit_folder({"resources.yaml": data}) as kit:
        loads_or_says_why(lambda: load_resources(kit / "resources.yaml"))


CARD_LAYOUT = tomllib.loads((builtin_dir() / "layouts/card/layout.toml").read_text())


@pytest.mark.slow
@settings(max_examples=max(settings.default.max_examples // 2, 1))  # a whole kit each
@given(mutated(CARD_LAYOUT))
def test_any_layout_toml_loads_or_is_a_message(doc):
    text = tomli_w.dumps(toml_safe(doc))
    with kit_folder({"layouts/card/layout.toml": text}) as kit:
        loads_or_says_why(lambda: load_kit(kit))


FONT = load_kit(builtin_dir()).fonts[0].path


@st.composite
def damaged_font(draw) -> bytes:
    """A real font cut short, or with bytes overwritten here and there."""
    data = bytearray(FONT.read_bytes())
    if draw(st.booleans()):
        return bytes(data[: draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data)


@given(damaged_font(), st.sampled_from(["Kit Sans", "", "X" * 300, 'a"b', "<b>"]))
def test_any_kit_font_loads_or_is_a_message(font, family):
    doc = copy.deepcopy(ZINE_TOML)
    doc["fonts"] = [{"family": family, "file": "fonts/kit.ttf", "licence": "fonts/OFL.txt"}]
    files = {
        "zine.toml": tomli_w.dumps(toml_safe(doc)),
        "fonts/kit.ttf": font,
        "fonts/OFL.txt": "SIL Open Font License\n",
    }
    with kit_folder(files) as kit:
        loads_or_says_why(lambda: read_config_or_fail(kit))


@pytest.mark.slow
@settings(max_examples=max(settings.default.max_examples // 6, 1))  # a render each
@given(markdownish())
def test_any_section_body_builds_or_is_a_message(body):
    """Past the loaders: a section body laid out on a wallet card, checked and imposed."""
    from zinegen.pipeline import BuildRequest, check_target, plan

    text = f"---\nid: riverbend-card-back\ntitle: Back\n---\n{body}\n"
    with kit_folder({"content/en/riverbend-card-back.md": _encodable(text)}) as kit:

        def build() -> None:
            (target,) = plan(load_kit(kit, stylesheets=True), BuildRequest(kit, ("card",)))
            checked = check_target(target)
            if checked.problems or checked.overflows:
                raise ZinegenError(checked.problems + checked.overflows, exit_code=1)

        loads_or_says_why(build)


def test_the_starting_files_load():
    """The mutations start from files that load, so what they find is what they changed."""
    with kit_folder({}) as kit:
        assert read_config(kit)[1] == []
        assert parse_section(kit / "content" / "en" / SECTION.name, "en", (kit,)).id
        assert len(load_resources(kit / "resources.yaml")) == len(RESOURCES)
        assert load_kit(kit).layouts["card"].fixed
