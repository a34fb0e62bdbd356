"""Write docs/cli.md: every command's --help, so the reference never drifts from the code.

python scripts/cli_docs.py            # write docs/cli.md
python scripts/cli_docs.py --check    # exit 1 if docs/cli.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from zinegen.cli import cli

TARGET = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    parts = [
        "# zinegen command line\n",
        "Made by `make docs` (scripts/cli_docs.py) from each command's `--help`.\n",
    ]
    for args in ([], *_commands(cli)):
        result = CliRunner().invoke(cli, [*args, "--help"], prog_name="zinegen", terminal_width=88)
        title = " ".join(["zinegen", *args])
        parts.append(f"## {title}\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def _commands(group, prefix=()):
    """[name] of each command, and [group, name] of each in a group (baddates import)."""
    for name, command in sorted(group.commands.items()):
        yield [*prefix, name]
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def main() -> None:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/cli.md is out of date: run `make docs`")  # noqa: T201
            sys.exit(1)
        return
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")  # noqa: T201


if __name__ == "__main__":
    main()
