"""Builds that redo only what changed (the manifest), and parallel builds that say the same
as one process. Real builds, compared by their output and their bytes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run

from zinegen.manifest import MANIFEST

STREET = Path(__file__).parents[1] / "content" / "en" / "street-safety.md"


@pytest.fixture
def kit(tmp_path):
    """A kit made by `zinegen init`: its four products print the built-in sections (its
    bad date sheet prints no reports, and its report form is empty)."""
    folder = tmp_path / "kit"
    assert run("init", folder, "--name", "Incremental Outreach").exit_code == 0
    return folder


def build(kit: Path, out: Path, *extra) -> str:
    result = run("build", "--kit", kit, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    return result.output


# What a kit made by `zinegen init` builds, in order.
PRODUCTS = ["booklet", "trifold", "card", "zine", "bad-date-sheet", "report-form"]


def rebuilt(output: str) -> list[str]:
    """The products a build laid out, in order."""
    return re.findall(r"^rendering ([\w-]+) \(", output, re.MULTILINE)


def up_to_date(output: str) -> list[str]:
    return re.findall(r"^up to date: ([\w-]+) \(", output, re.MULTILINE)


def test_an_unchanged_kit_is_up_to_date_without_loading_weasyprint(kit, tmp_path):
    out = tmp_path / "out"
    assert rebuilt(build(kit, out)) == PRODUCTS
    script = (
        "import sys\n"
        "from zinegen.cli import cli\n"
        f"sys.argv = ['zinegen', 'build', '--kit', {str(kit)!r}, '--out', {str(out)!r}]\n"
        "try:\n    cli()\nexcept SystemExit as done:\n    code = done.code\n"
        "print('exit', code, 'weasyprint' in sys.modules, 'pypdf' in sys.modules)\n"
    )
    fresh = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert fresh.stdout.splitlines()[-1] == "exit 0 False False", fresh.stdout + fresh.stderr
    assert up_to_date(fresh.stdout) == PRODUCTS
    assert rebuilt(fresh.stdout) == []
    # its warnings are said again, as the build that made the PDFs said them
    assert "never checked" in fresh.stderr


def test_editing_one_section_rebuilds_only_the_products_that_print_it(kit, tmp_path):
    out = tmp_path / "out"
    build(kit, out)
    before = {p.name: p.read_bytes() for p in (out / "en").glob("*.pdf")}
    own = kit / "content" / "en" / "street-safety.md"  # the trifold's panel 3, nowhere else
    own.write_text(STREET.read_text() + "- **Charge your phone** before you go out.\n")
    output = build(kit, out)
    assert rebuilt(output) == ["trifold"]
    assert up_to_date(output) == ["booklet", "card", "zine", "bad-date-sheet", "report-form"]
    after = {p.name: p.read_bytes() for p in (out / "en").glob("*.pdf")}
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == ["trifold-print.pdf", "trifold.pdf"]
    # a product's options are inputs too: another paper is another target
    assert rebuilt(build(kit, out, "card", "--paper", "a4")) == ["card"]
    assert up_to_date(build(kit, out, "card", "--paper", "a4")) == ["card"]


def test_a_changed_picture_a_section_shows_rebuilds_its_product(make_kit, tmp_path):
    from conftest import HELLO_SECTION, MINIMAL_TOML

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="{}"/></svg>'
    )
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION + "\n![A box](box.svg)\n",
            "content/en/box.svg": svg.format("#000000"),
        }
    )
    out = tmp_path / "out"
    build(kit, out)
    assert up_to_date(build(kit, out)) == ["booklet"]
    (kit / "content" / "en" / "box.svg").write_text(svg.format("#7b1e57"))
    assert rebuilt(build(kit, out)) == ["booklet"]


def test_a_manifest_that_cannot_be_trusted_means_a_full_build(kit, tmp_path):
    out = tmp_path / "out"
    build(kit, out, "card", "zine")
    manifest = out / MANIFEST
    data = json.loads(manifest.read_text())
    data["versions"] = data["versions"].replace("zinegen ", "zinegen 0.0.0-other ")
    manifest.write_text(json.dumps(data))
    assert rebuilt(build(kit, out, "card", "zine")) == ["card", "zine"]
    manifest.write_text('{"format": 1, "targets": ')  # cut short
    assert rebuilt(build(kit, out, "card", "zine")) == ["card", "zine"]
    manifest.write_bytes(b"\xff\xfe not json")
    assert rebuilt(build(kit, out, "card", "zine")) == ["card", "zine"]
    assert up_to_date(build(kit, out, "card", "zine")) == ["card", "zine"]


def test_a_pdf_changed_or_removed_since_is_built_again(kit, tmp_path):
    out = tmp_path / "out"
    build(kit, out, "card", "zine")
    (out / "en" / "zine-print.pdf").unlink()
    (out / "en" / "card.pdf").write_bytes(b"%PDF-1.7 someone else's")
    assert rebuilt(build(kit, out, "card", "zine")) == ["card", "zine"]


def test_a_remembered_body_size_is_confirmed_by_one_layout(kit, tmp_path):
    out = tmp_path / "out"
    first = build(kit, out, "trifold", "-v")
    assert re.search(r"body text [\d.]+ pt .*, from [2-9] trial layouts", first)
    own = kit / "content" / "en" / "street-safety.md"
    own.write_text(STREET.read_text().replace("Leave drugs", "Leave any drugs"))
    second = build(kit, out, "trifold", "-v")
    assert rebuilt(second) == ["trifold"]
    size = re.search(r"body text ([\d.]+) pt", first).group(1)
    assert re.search(rf"body text {size} pt .*, from 1 trial layout\b", second), second


def normal(output: str) -> str:
    """A build's output without its timings, which differ from run to run (and with them
    the width of the summary table's columns)."""
    output = re.sub(r"\bin \d+\.\d s\b", "in _ s", output)
    output = re.sub(r"\d+\.\d s$", "_ s", output, flags=re.MULTILINE)
    output = re.sub(r"(?<=\S) {2,}(?=\S)", "  ", output)  # table columns
    return re.sub(r", \d+\.\d s\b", ", _ s", output)


def test_two_jobs_say_and_write_what_one_does(kit, tmp_path):
    one = build(kit, tmp_path / "one", "--jobs", "1")
    two = build(kit, tmp_path / "two", "--jobs", "2")
    assert normal(one).replace(str(tmp_path / "one"), "_") == normal(two).replace(
        str(tmp_path / "two"), "_"
    )
    for pdf in sorted((tmp_path / "one" / "en").glob("*")):
        if pdf.suffix in (".pdf", ".txt"):
            assert (tmp_path / "two" / "en" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name
    assert "target" in one and "pages" in one  # the summary table


def test_jobs_report_each_products_problem_in_order(kit, tmp_path):
    """A product that fails in a worker is reported in its place; the others are built."""
    own = kit / "content" / "en" / "card-tips.md"
    text = (Path(__file__).parents[1] / "content" / "en" / "card-tips.md").read_text()
    own.write_text(text + "\n" + "- **Another tip** that makes the card far too long.\n" * 12)
    outputs = []
    for jobs in ("1", "2"):
        result = run("build", "--kit", kit, "--out", tmp_path / jobs, "--jobs", jobs)
        assert result.exit_code == 1
        outputs.append(normal(result.output).replace(str(tmp_path / jobs), "_"))
        assert rebuilt(result.output) == PRODUCTS
        assert "card: front" in result.output and "overflows" in result.output
        assert "stopped: 10 PDFs for 5 of 6 products" in result.output
    assert outputs[0] == outputs[1]
