"""The command line: help, list, build summaries, exit codes and safe writes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_TOML, run
from pypdf import PdfReader

from zinegen.cli import cli


def test_help_does_not_import_weasyprint():
    code = (
        "import sys\n"
        "from zinegen.cli import cli\n"
        "try:\n"
        "    cli(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported by --help'\n"
        "assert 'pypdf' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "build" in result.stdout and "list" in result.stdout


def test_list_does_not_import_weasyprint(minimal_kit):
    code = (
        "import sys\n"
        "from zinegen.cli import cli\n"
        f"try:\n    cli(['list', '--kit', {str(minimal_kit)!r}])\n"
        "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "assert 'weasyprint' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "hello" in result.stdout


@pytest.mark.parametrize("command", ["build", "check", "list", "init", "eject"])
def test_each_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "--kit" in result.output


def test_list_shows_products_sections_layouts_and_languages():
    result = run("list")
    assert result.exit_code == 0, result.output
    for text in ("booklet", "principles", "street-safety", "workers", "languages: en"):
        assert text in result.output
    # each section's review month, as its front matter says
    assert re.search(
        r"^  street-safety +workers +built-in +\d{4}-\d\d +Street safety$", result.output, re.M
    ), result.output


def test_build_writes_both_pdfs_and_says_so(minimal_kit, tmp_path):
    out = tmp_path / "out"
    result = run("build", "booklet", "--kit", minimal_kit, "--out", out, "--paper", "a4")
    assert result.exit_code == 0, result.output
    assert "rendering booklet (en, a4)" in result.output
    # a paper other than the kit's own (letter) is named in the files
    assert f"wrote {out / 'en' / 'booklet-a4.pdf'} (4 pages" in result.output
    assert "booklet-a4-print.pdf (2 sheet sides" in result.output
    assert len(PdfReader(out / "en" / "booklet-a4.pdf").pages) == 4
    assert len(PdfReader(out / "en" / "booklet-a4-print.pdf").pages) == 2
    assert f"kit: Test Outreach ({minimal_kit})" in result.output
    assert f"output: {out}" in result.output
    assert "done: 2 PDFs for 1 of 1 product, 0 warnings" in result.output


def test_outputs_go_beside_the_kit_and_papers_do_not_overwrite(minimal_kit, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(elsewhere)
        assert run("build", "--kit", minimal_kit).exit_code == 0
        assert run("build", "--kit", minimal_kit, "--paper", "a4").exit_code == 0
    assert sorted(p.name for p in (minimal_kit / "build" / "en").iterdir()) == [
        "booklet-a4-print.pdf",
        "booklet-a4-print.txt",  # the job tickets, named like their print PDFs
        "booklet-a4.pdf",
        "booklet-print.pdf",
        "booklet-print.txt",
        "booklet.pdf",
    ]
    assert not any(elsewhere.iterdir())  # nothing written where the shell happened to be


@pytest.mark.parametrize(
    ("inside", "expected"),
    [
        ("content", "where a kit keeps its sources"),
        ("layouts/card", "where a kit keeps its sources"),
        ("other/build", "is inside another kit"),
    ],
)
def test_a_build_never_writes_into_sources_or_another_kit(minimal_kit, make_kit, inside, expected):
    other = make_kit({"zine.toml": MINIMAL_TOML}, name="other")
    out = (other.parent / inside) if inside.startswith("other") else minimal_kit / inside
    result = run("build", "--kit", minimal_kit, "--out", out)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert not (out / "en" / "booklet.pdf").exists()  # nothing written there


def test_the_builtin_kit_says_so(tmp_path):
    result = run("build", "card", "--out", tmp_path / "o")
    assert "kit: zinegen's built-in sample kit, with example contacts (no zine.toml" in (
        result.output
    )


def test_unknown_product_is_a_usage_error(minimal_kit):
    result = run("build", "flyer", "--kit", minimal_kit)
    assert result.exit_code == 2
    assert "no product 'flyer'" in result.output
    assert "zinegen list" in result.output


def test_unknown_language_is_a_usage_error(minimal_kit):
    result = run("build", "--kit", minimal_kit, "--lang", "fr")
    assert result.exit_code == 2
    assert "no language 'fr'" in result.output


def test_bad_paper_is_a_usage_error(minimal_kit):
    """Click refuses a wrong --paper; zinegen itself refuses one in zine.toml, by line, and
    one handed to the library."""
    result = run("build", "--kit", minimal_kit, "--paper", "legal")
    assert result.exit_code == 2
    toml = minimal_kit / "zine.toml"
    toml.write_text(
        toml.read_text().replace('languages = ["en"]', 'languages = ["en"]\npaper = "legal"')
    )
    result = run("build", "--kit", minimal_kit)
    assert result.exit_code == 2
    assert "zine.toml:3: 'paper' is 'legal'; it must be one of: letter, a4." in result.output
    toml.write_text(toml.read_text().replace('paper = "legal"', 'paper = "a4"'))
    from zinegen.errors import ZinegenError
    from zinegen.pipeline import BuildRequest, load_kit, plan

    with pytest.raises(ZinegenError, match="unknown paper 'legal'"):
        plan(load_kit(minimal_kit), BuildRequest(paper="legal"))


def test_failed_build_keeps_the_previous_pdfs(minimal_kit, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "en").iterdir()}
    assert set(before) == {"booklet.pdf", "booklet-print.pdf", "booklet-print.txt"}

    # A user mistake: the section loses its title.
    section = minimal_kit / "content" / "en" / "hello.md"
    section.write_text("---\nid: hello\n---\nChanged words.\n", encoding="utf-8")
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 2
    assert {p.name: p.read_bytes() for p in (out / "en").iterdir()} == before

    # A crash after rendering, while imposing: nothing half-written, no temp files left.
    section.write_text("---\nid: hello\ntitle: Hi\n---\nChanged words.\n", encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("imposition crashed")

    monkeypatch.setattr("zinegen.impose.impose_pdf", broken)
    result = CliRunner().invoke(cli, ["build", "--kit", str(minimal_kit), "--out", str(out)])
    assert result.exit_code == 3  # a bug: said in two lines, no traceback
    assert "zinegen stopped on a bug of its own: RuntimeError" in result.output
    assert "Traceback" not in result.output and "--debug" in result.output
    debug = ["--debug", "build", "--kit", str(minimal_kit), "--out", str(out)]
    assert isinstance(CliRunner().invoke(cli, debug).exception, RuntimeError)
    assert {p.name: p.read_bytes() for p in (out / "en").iterdir()} == before


def test_a_target_names_every_input_it_is_made_from(minimal_kit, tmp_path):
    from zinegen.kit import load_kit
    from zinegen.manifest import target_files
    from zinegen.pipeline import BuildRequest, plan

    kit = load_kit(minimal_kit)
    (target,) = plan(kit, BuildRequest(kit_dir=minimal_kit, out=tmp_path))
    assert (target.reading_pdf, target.print_pdf) == (
        tmp_path / "en" / "booklet.pdf",
        tmp_path / "en" / "booklet-print.pdf",
    )
    names = [path.name for path in target_files(target)]
    assert names[:2] == ["zine.toml", "hello.md"]
    assert {"layout.toml", "layout.html", "layout.css", "AtkinsonHyperlegible-Regular.ttf"} <= set(
        names
    )
    assert all(path.is_file() for path in target_files(target))


def test_lang_all_plans_one_target_per_language(make_kit, tmp_path):

    from zinegen.kit import load_kit
    from zinegen.pipeline import BuildRequest, plan

    section = "---\nid: hello\ntitle: Hi\n---\nWords.\n"
    kit_dir = make_kit(
        {
            "zine.toml": MINIMAL_TOML.replace('["en"]', '["en", "es"]'),
            "content/en/hello.md": section,
            "content/es/hello.md": section.replace("Words", "Palabras"),
        }
    )
    targets = plan(load_kit(kit_dir), BuildRequest(kit_dir=kit_dir, lang="all", out=tmp_path))
    assert [(t.product.name, t.lang) for t in targets] == [("booklet", "en"), ("booklet", "es")]
    result = run("build", "--kit", kit_dir, "--lang", "all", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "Palabras" in PdfReader(tmp_path / "es" / "booklet.pdf").pages[2].extract_text()


def test_a_write_failure_keeps_the_previous_pair(minimal_kit, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 0
    reading = (out / "en" / "booklet.pdf").read_bytes()
    # A folder where the print PDF should go: its rename fails after the reading PDF's temp
    # file is complete. Neither PDF may change.
    (out / "en" / "booklet-print.pdf").unlink()
    (out / "en" / "booklet-print.pdf").mkdir()
    (minimal_kit / "content" / "en" / "hello.md").write_text(
        "---\nid: hello\ntitle: Other\n---\nOther words.\n", encoding="utf-8"
    )
    result = run("build", "--kit", minimal_kit, "--out", out)
    assert result.exit_code == 2, result.output
    assert "cannot replace" in result.output and "the previous PDFs are kept" in result.output
    assert (out / "en" / "booklet.pdf").read_bytes() == reading
    assert sorted(p.name for p in (out / "en").iterdir()) == [
        "booklet-print.pdf",
        "booklet-print.txt",
        "booklet.pdf",
    ]


def test_a_typo_in_extra_css_names_the_file_and_line(minimal_kit, tmp_path):
    (minimal_kit / "extra.css").write_text("h1 { color: red; }\np { colr: red; }\n")
    result = run("build", "--kit", minimal_kit, "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "extra.css:2: the stylesheet ignores `colr: red` (column 5): unknown property." in out
    assert out.count("colr") == 1  # said once, not again by the document's own render


def test_strict_makes_a_warning_fail_and_writes_nothing(minimal_kit, tmp_path):
    (minimal_kit / "extra.css").write_text("p { colr: red; }\n")
    out = tmp_path / "o"
    result = run("build", "--kit", minimal_kit, "--out", out, "--strict")
    assert result.exit_code == 1
    assert "error: " in result.output and "colr" in result.output
    assert not (out / "en" / "booklet.pdf").exists()
    assert run("check", "--kit", minimal_kit, "--strict").exit_code == 1
    assert run("check", "--kit", minimal_kit).exit_code == 0


def test_quiet_prints_only_problems_and_verbose_each_stage(minimal_kit, tmp_path):
    quiet = run("build", "--kit", minimal_kit, "--out", tmp_path / "q", "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    (minimal_kit / "extra.css").write_text("p { colr: red; }\n")
    quiet = run("build", "--kit", minimal_kit, "--out", tmp_path / "q", "-q")
    assert quiet.output.startswith("  warning: ") and "rendering" not in quiet.output
    loud = run("build", "--kit", minimal_kit, "--out", tmp_path / "v", "-v")
    for stage in ("read 1 section (", "laid out", "imposed", "wrote both PDFs"):
        assert stage in loud.output, stage


def test_output_into_a_closed_pipe_is_not_called_a_bug():
    """zinegen list | head: the reader goes away; zinegen stops quietly, as a shell tool
    does (141), without a traceback or its 'bug of its own' message."""
    import os

    read, write = os.pipe()
    os.close(read)  # every write fails at once: no race with a reader
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zinegen", "list"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == ""
