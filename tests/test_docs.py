"""The README promises what the project does: keep them in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zinegen.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_the_two_make_commands():
    quick_start = README.split("## Quick start", 1)[1]
    first_block = re.search(r"```sh\n(.*?)```", quick_start, re.S).group(1)
    assert first_block.split("\n")[:2] == ["make booklet", "make test"]


def commands(group=cli, prefix=""):
    """Every command, with those of a group of commands (`baddates import`)."""
    for name, command in sorted(group.commands.items()):
        yield f"{prefix}{name}", command
        if hasattr(command, "commands"):
            yield from commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(commands()), ids=[n for n, _ in commands()])
def test_every_command_and_option_is_in_the_readme(name, command):
    assert f"zinegen {name}" in README
    for param in command.params:
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert option in README, f"{name} {option} is not in README.md"


def test_readme_error_example_is_what_zinegen_prints(make_kit, monkeypatch):
    from conftest import HELLO_SECTION, MINIMAL_TOML, run

    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML.replace("sections =", "sectons ="),
            "content/en/hello.md": HELLO_SECTION,
        }
    )
    monkeypatch.chdir(kit)
    result = run("build")
    assert result.exit_code == 2
    example = re.search(r"```\n(error: zine\.toml.*?)```", README, re.S).group(1)
    assert example.strip().splitlines()[0] in result.output
    assert example.strip().splitlines()[1] in result.output


def test_the_cli_reference_is_up_to_date():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "cli_docs.py"
    spec = importlib.util.spec_from_file_location("cli_docs", path)
    cli_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli_docs)
    assert cli_docs.TARGET.read_text(encoding="utf-8") == cli_docs.render(), (
        "docs/cli.md is out of date: run `make docs`"
    )
