"""How long zinegen's builds take, beside bare WeasyPrint on the same pages.

Every comparison runs its two commands alternately (A B A B ...), so that the machine's
drift (other work, caches, a busy neighbour) falls on both sides of each ratio alike, and
prints medians of whole-process wall times (fresh processes, as a user runs them):

  cold build, --jobs 1     every target of the built-in kit into an empty folder
  bare WeasyPrint          the same composed HTML of every target to PDFs, in one process
  cold build, --jobs 2     the same, two worker processes
  up to date               a build with nothing changed
  one section edited       which targets are rebuilt, and how long it takes
  serve                    from saving a section to the new booklet PDF on disk, beside a
                           warm in-process WeasyPrint render of the same HTML
  peak memory              of a cold build (the largest process)
  type fitting             layouts each fixed product's body size took, cold and remembered

Run with `make bench`. No thresholds: the figures are for reading, and for the README.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5

BARE = """
import sys, time
from pathlib import Path
from weasyprint import HTML
started = time.perf_counter()
for html in sorted(Path(sys.argv[1]).glob("*.html")):
    HTML(filename=str(html), base_url=sys.argv[2]).write_pdf(str(html.with_suffix(".pdf")))
"""


def once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def alternating(a, b, runs: int = RUNS) -> tuple[float, float]:
    """Median wall times of two zero-argument runners, run A B A B ... after a warm-up each."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(a())
        times_b.append(b())
    return statistics.median(times_a), statistics.median(times_b)


def composed(folder: Path) -> tuple[Path, str]:
    """Every target's HTML exactly as zinegen hands it to WeasyPrint (at the body size it
    chose), in one folder; and the base URL."""
    from zinegen.kit import load_kit
    from zinegen.pipeline import BuildRequest, compose_target, load_target_sections, plan

    kit = load_kit()
    html = folder / "html"
    html.mkdir()
    for target in plan(kit, BuildRequest(out=folder / "sizes")):
        sections, back = load_target_sections(target)
        body = None
        if target.layout.body_size_pt:
            from zinegen.pipeline import check_target

            body = check_target(target).body_pt
        text = compose_target(target, sections, back, body_pt=body)
        (html / f"{target.product.name}.html").write_text(text, encoding="utf-8")
    return html, kit.root.as_uri() + "/"


def edit_one(zinegen: str, folder: Path) -> tuple[list[str], float]:
    """A kit made by init, built; one of its sections edited; the rebuild timed."""
    kit, out = folder / "kit", folder / "kit-out"
    subprocess.run([zinegen, "init", str(kit), "--name", "Bench"], check=True, capture_output=True)
    subprocess.run(
        [zinegen, "build", "--kit", str(kit), "--out", str(out)], check=True, capture_output=True
    )
    from zinegen.kit import builtin_dir

    section = kit / "content" / "en" / "street-safety.md"
    section.parent.mkdir(parents=True, exist_ok=True)
    section.write_text((builtin_dir() / "content" / "en" / "street-safety.md").read_text())
    started = time.perf_counter()
    done = subprocess.run(
        [zinegen, "build", "--kit", str(kit), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - started
    rebuilt = [
        line.split()[1] for line in done.stdout.splitlines() if line.startswith("rendering ")
    ]
    return rebuilt, took


def fit_renders(zinegen: str, folder: Path) -> list[str]:
    """How many layouts each fixed product's type size took: cold, then remembered."""
    out = folder / "fit"
    lines = []
    for when in ("cold", "remembered"):
        if when == "remembered":  # inputs unchanged would be up to date: touch the manifest
            (out / ".zinegen.manifest.json").write_text(
                (out / ".zinegen.manifest.json").read_text().replace('"key": "', '"key": "x')
            )
        done = subprocess.run(
            [zinegen, "build", "trifold", "card", "zine", "--out", str(out), "-v", "--jobs", "1"],
            check=True,
            capture_output=True,
            text=True,
        )
        product = ""
        for line in done.stdout.splitlines():
            if line.startswith("rendering "):
                product = line.split()[1]
            if "trial layout" in line:
                count = line.split("from ")[1].split(" trial")[0]
                lines.append(f"{product} {when}: {count}")
    return lines


def serve_latency(zinegen: str, folder: Path) -> tuple[float, float]:
    """Seconds from saving a section to the new booklet PDF on disk under `zinegen serve`
    (median of three saves), and a warm in-process WeasyPrint render of the booklet's
    HTML (the second of two)."""
    import signal

    kit, out = folder / "serve-kit", folder / "serve-out"
    subprocess.run([zinegen, "init", str(kit), "--name", "Bench"], check=True, capture_output=True)
    section = kit / "content" / "en" / "hello-bench.md"
    section.parent.mkdir(parents=True, exist_ok=True)
    toml = kit / "zine.toml"
    toml.write_text(toml.read_text().replace('"sources",', '"sources", "hello-bench",', 1))
    section.write_text("---\nid: hello-bench\ntitle: Bench\n---\nFirst words.\n")
    pdf = out / "en" / "booklet.pdf"
    server = subprocess.Popen(
        [zinegen, "serve", "booklet", "--kit", str(kit), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not pdf.exists():
            time.sleep(0.05)
        time.sleep(2)  # the first build's thumbnails, and the watcher, settle
        times = []
        for n in range(3):
            before = pdf.stat().st_mtime_ns
            started = time.perf_counter()
            section.write_text(f"---\nid: hello-bench\ntitle: Bench\n---\nWords, saved {n}.\n")
            while pdf.stat().st_mtime_ns == before:
                time.sleep(0.01)
            times.append(time.perf_counter() - started)
            time.sleep(1.5)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)

    from weasyprint import HTML

    from zinegen.kit import load_kit
    from zinegen.pipeline import BuildRequest, compose_target, load_target_sections, plan

    loaded = load_kit(kit)
    (target,) = plan(loaded, BuildRequest(kit_dir=kit, products=("booklet",), out=out))
    html = compose_target(target, *load_target_sections(target))
    base = loaded.root.as_uri() + "/"
    HTML(string=html, base_url=base).write_pdf()
    started = time.perf_counter()
    HTML(string=html, base_url=base).write_pdf()
    return statistics.median(times), time.perf_counter() - started


def main() -> None:
    zinegen = str(Path(sys.executable).with_name("zinegen"))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        html, base_url = composed(folder)
        count = [0]

        def cold(jobs: str):
            def run() -> float:
                count[0] += 1
                out = folder / f"cold-{count[0]}"
                took = once([zinegen, "build", "--out", str(out), "--jobs", jobs])
                shutil.rmtree(out)
                return took

            return run

        def bare() -> float:
            return once([sys.executable, "-c", BARE, str(html), base_url])

        build_1, bare_time = alternating(cold("1"), bare)
        build_1b, build_2 = alternating(cold("1"), cold("2"))
        warm = folder / "warm"
        subprocess.run([zinegen, "build", "--out", str(warm)], check=True, capture_output=True)
        help_, current = alternating(
            lambda: once([zinegen, "--help"]),
            lambda: once([zinegen, "build", "--out", str(warm)]),
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        once([zinegen, "build", "--out", str(folder / "memory"), "--jobs", "1"])
        peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        rebuilt, edit_time = edit_one(zinegen, folder)
        fits = fit_renders(zinegen, folder)
        served = serve_latency(zinegen, folder)

    print(f"runs per figure: {RUNS} (median), each pair run alternately after a warm-up")
    print(f"cold build, all targets, --jobs 1 : {build_1:6.2f} s")
    print(f"bare WeasyPrint, same HTML        : {bare_time:6.2f} s")
    print(f"ratio build / bare                : {build_1 / bare_time:6.2f}  (target <= 1.10)")
    print(f"cold build, --jobs 1              : {build_1b:6.2f} s")
    print(f"cold build, --jobs 2              : {build_2:6.2f} s")
    print(f"speed-up --jobs 2                 : {build_1b / build_2:6.2f}x (target >= 1.6)")
    print(f"up-to-date build                  : {current:6.2f} s  (target < 0.5)")
    print(f"zinegen --help                    : {help_:6.2f} s")
    print(
        f"one section edited, rebuild       : {edit_time:6.2f} s  (rebuilt: {', '.join(rebuilt)})"
    )
    print(f"peak memory, cold build           : {peak_mb:6.0f} MB (target < 400)")
    for line in fits:
        print(f"type fitting, {line} layouts")
    save, warm_render = served
    print(f"serve, save to new booklet PDF    : {save:6.2f} s")
    print(f"warm WeasyPrint render, same HTML : {warm_render:6.2f} s")
    print(f"ratio                             : {save / warm_render:6.2f}  (target <= 1.10)")


if __name__ == "__main__":
    main()
