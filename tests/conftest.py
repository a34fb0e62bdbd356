"""Fixtures: kits made from a dict of files, and real builds of the built-in booklet."""

from __future__ import annotations

import datetime as dt
import logging
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zinegen.cli import cli
from zinegen.kit import builtin_dir
from zinegen.pipeline import BuildRequest, build

MINIMAL_TOML = """\
name = "Test kit"
languages = ["en"]

[organization]
name = "Test Outreach"
contact = "Hotline 555-0100"

[products.booklet]
layout = "booklet"
title = "Test booklet"
sections = ["hello"]
back_cover = ""
"""

HELLO_SECTION = f"""\
---
id: hello
title: Hello
reviewed: {dt.date.today():%Y-%m}
---
Some words for the test.
"""


# Fixtures that build every product of a kit: a test using one is slow.
SLOW_FIXTURES = {"builtin_booklets", "fixed_products", "example_build"}


def pytest_collection_modifyitems(items) -> None:
    """Mark slow tests: those marked by hand, and those that use a whole-kit build."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def run(*args) -> Result:
    """Run the command line as a user would. Click's runner catches exceptions and never
    prints their tracebacks, so a test reading the output alone cannot see one: anything but
    a clean exit fails here, with the traceback."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"zinegen {' '.join(map(str, args))} raised:\n{trace}")
    return result


@pytest.fixture
def make_kit(tmp_path):
    """Write a kit from {relative path: text} and return its folder."""

    def make(files: dict[str, str], name: str = "kit") -> Path:
        root = tmp_path / name
        for relpath, text in files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make


@pytest.fixture
def minimal_kit(make_kit):
    return make_kit({"zine.toml": MINIMAL_TOML, "content/en/hello.md": HELLO_SECTION})


@pytest.fixture(scope="session")
def builtin_booklets(tmp_path_factory):
    """The built-in booklet built once per paper: {paper: BuildResult}."""
    results = {}
    for paper in ("letter", "a4"):
        out = tmp_path_factory.mktemp(f"build-{paper}")
        request = BuildRequest(kit_dir=builtin_dir(), products=("booklet",), paper=paper, out=out)
        (results[paper],) = build(request)
    return results


@pytest.fixture(scope="session")
def fixed_products(tmp_path_factory):
    """{(product, paper): BuildResult} for the built-in trifold, card and zine."""
    results = {}
    for paper in ("letter", "a4"):
        out = tmp_path_factory.mktemp(f"fixed-{paper}")
        request = BuildRequest(
            kit_dir=builtin_dir(), products=("trifold", "card", "zine"), paper=paper, out=out
        )
        for result in build(request):
            results[result.target.product.name, paper] = result
    return results


@pytest.fixture(autouse=True)
def in_a_temporary_folder(tmp_path, monkeypatch):
    """Every test runs in a folder of its own, so a build with the default --out stays
    there (a sibling of the kits tests make, so messages show their full paths)."""
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")


@pytest.fixture(autouse=True)
def no_stray_weasyprint_logs(caplog):
    """Like WeasyPrint's assert_no_logs: rendering must not leak log records."""
    yield
    stray = [
        r
        for r in caplog.records
        if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING
    ]
    assert not stray, [r.getMessage() for r in stray]
