"""How long a booklet build takes, beside bare WeasyPrint on the same HTML.

Prints medians of whole-process wall times (fresh processes, as a user runs them):
  zinegen build booklet        everything: kit, sections, render, write, impose
  bare WeasyPrint              the same composed HTML to a PDF, nothing else
  zinegen --help               start-up cost of the command line
  zinegen build                every product of the built-in kit, one after another
  zinegen check                the same products checked, with reading grades
and the ratio of the first two: zinegen's own overhead on top of rendering, and of the
last two: what preflight alone costs beside a full build.

Run with `make bench`. No thresholds: the figures are for reading, and for the README.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5

BARE = """
import sys
from weasyprint import HTML
HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""


def timed(command: list[str], runs: int = RUNS) -> float:
    """Median wall time of a command run `runs` times, after one warm-up run."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def composed_html(folder: Path) -> Path:
    """The booklet's HTML exactly as zinegen hands it to WeasyPrint."""
    from zinegen.kit import load_kit
    from zinegen.pipeline import BuildRequest, compose_target, load_target_sections, plan

    kit = load_kit()
    (target,) = plan(kit, BuildRequest(products=("booklet",), out=folder))
    html = folder / "booklet.html"
    html.write_text(compose_target(target, *load_target_sections(target)), encoding="utf-8")
    return html


def main() -> None:
    zinegen = str(Path(sys.executable).with_name("zinegen"))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        html = composed_html(folder)
        from zinegen.kit import load_kit

        base_url = load_kit().root.as_uri() + "/"
        build = timed([zinegen, "build", "booklet", "--out", str(folder / "out")])
        bare = timed([sys.executable, "-c", BARE, str(html), base_url, str(folder / "bare.pdf")])
        help_ = timed([zinegen, "--help"])
        every = timed([zinegen, "build", "--out", str(folder / "all")], runs=3)
        check = timed([zinegen, "check"], runs=3)

    print(f"runs per figure: {RUNS} (median, after one warm-up)")
    print(f"zinegen build booklet : {build:6.2f} s")
    print(f"bare WeasyPrint       : {bare:6.2f} s")
    print(f"ratio build / bare    : {build / bare:6.2f}")
    print(f"zinegen --help        : {help_:6.2f} s")
    print(f"zinegen build (all 4) : {every:6.2f} s  (booklet, trifold, card, zine; 3 runs)")
    print(f"zinegen check (all 4) : {check:6.2f} s  (with reading grades; 3 runs)")
    print(f"ratio check / build   : {check / every:6.2f}")


if __name__ == "__main__":
    main()
