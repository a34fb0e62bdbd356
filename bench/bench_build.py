"""How long a booklet build takes, beside bare WeasyPrint on the same HTML.

Prints medians of whole-process wall times (fresh processes, as a user runs them):
  zinegen build booklet        everything: kit, sections, render, write, impose
  bare WeasyPrint              the same composed HTML to a PDF, nothing else
  zinegen --help               start-up cost of the command line
  zinegen build                every product of the built-in kit, one after another
  zinegen check                the same products checked, with reading grades
  zinegen build trifold        with the search for the body size that fills its panels,
                               and without it (a kit whose trifold layout has one size)
and the ratio of the first two: zinegen's own overhead on top of rendering, of check to
build: what preflight alone costs beside a full build, and of the two trifold builds:
what choosing the type size costs.

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


def one_size_kit(folder: Path) -> Path:
    """A kit whose trifold layout has no body_size range: one render, no search."""
    from zinegen.kit import builtin_dir

    kit = folder / "one-size"
    (kit / "layouts" / "trifold").mkdir(parents=True)
    (kit / "zine.toml").write_text(
        'languages = ["en"]\n[organization]\nname = "Bench"\n[products.trifold]\n'
    )
    declared = (builtin_dir() / "layouts" / "trifold" / "layout.toml").read_text()
    lines = [line for line in declared.splitlines() if not line.startswith("body_size")]
    (kit / "layouts" / "trifold" / "layout.toml").write_text("\n".join(lines) + "\n")
    return kit


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
        trifold = timed([zinegen, "build", "trifold", "--out", str(folder / "t")])
        kit = one_size_kit(folder)
        one_size = timed([zinegen, "build", "--kit", str(kit), "--out", str(folder / "t1")])

    print(f"runs per figure: {RUNS} (median, after one warm-up)")
    print(f"zinegen build booklet : {build:6.2f} s")
    print(f"bare WeasyPrint       : {bare:6.2f} s")
    print(f"ratio build / bare    : {build / bare:6.2f}")
    print(f"zinegen --help        : {help_:6.2f} s")
    print(f"zinegen build (all 4) : {every:6.2f} s  (booklet, trifold, card, zine; 3 runs)")
    print(f"zinegen check (all 4) : {check:6.2f} s  (with reading grades; 3 runs)")
    print(f"ratio check / build   : {check / every:6.2f}")
    print(f"zinegen build trifold : {trifold:6.2f} s  (choosing the body size)")
    print(f"  one size, no search : {one_size:6.2f} s")
    print(f"ratio search / none   : {trifold / one_size:6.2f}")


if __name__ == "__main__":
    main()
