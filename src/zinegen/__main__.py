"""`python -m zinegen` runs the command line."""

from zinegen.cli import cli

cli(prog_name="zinegen")
