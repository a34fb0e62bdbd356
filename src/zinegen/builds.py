"""Building many targets at once: those whose inputs have not changed are skipped (the
manifest says so), the rest are made in worker processes, and everything is written and
reported in the targets' order, as a one-process build would.

Only the parent process writes: workers lay out, check and impose, and hand back the
files. An up-to-date build reads the kit, digests its files and says so, without
importing WeasyPrint.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from zinegen.errors import Problem, ZinegenError
from zinegen.manifest import Manifest, target_key
from zinegen.model import BuildResult, Kit, Target


@dataclass
class Outcome:
    """What became of one target: its result, or the problems that stopped it."""

    target: Target
    result: BuildResult | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    exit_code: int = 0


def _make(args: tuple) -> tuple:
    """In a worker: make one target; a zinegen error comes back as data (an exception
    object is not always carried back whole between processes)."""
    from zinegen.pipeline import make_target

    target, allow_overflow, strict, hint = args
    try:
        return ("made", make_target(target, allow_overflow, strict, hint))
    except ZinegenError as error:
        return ("failed", error.problems, error.warnings, error.exit_code)


def _make_all(work: list[tuple], jobs: int) -> Iterator[tuple]:
    """Each target made, in order: in this process, or in `jobs` worker processes."""
    if jobs <= 1 or len(work) <= 1:
        yield from map(_make, work)
        return
    # fork: a worker starts with the kit already read, and nothing to import again
    import multiprocessing  # here: a build that needs no second process never loads them
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(work)), mp_context=context) as pool:
        yield from pool.map(_make, work)


def build_targets(
    kit: Kit,
    targets: list[Target],
    out_root: Path,
    allow_overflow: bool = False,
    strict: bool = False,
    jobs: int = 1,
    say=None,
    on_start=None,
) -> Iterator[Outcome]:
    """Build the targets into `out_root`, skipping those up to date, yielding each
    target's outcome in order; `on_start(target)` is called as the build waits for a
    target to be made (progress, in order). The kit's stylesheets are checked (which needs
    WeasyPrint) only when something is to be made."""
    from zinegen.outputs import OutputFolder

    manifest = Manifest.load(out_root)
    options = {"allow_overflow": allow_overflow, "strict": strict}
    fresh: dict[Path, BuildResult] = {}
    for target in targets:
        key = target_key(target, options, manifest.read_before(target))
        result = manifest.up_to_date(target, key)
        if result is not None:
            fresh[target.reading_pdf] = result
    stale = [t for t in targets if t.reading_pdf not in fresh]
    if stale and not kit.stylesheet_texts:
        from zinegen.kit import with_stylesheets

        kit = with_stylesheets(kit)
        stale = [replace(t, kit=kit) for t in stale]
    work = [(t, allow_overflow, strict, manifest.body_pt(t)) for t in stale]
    made = _make_all(work, jobs)
    wrote = False
    with OutputFolder(out_root, say=say) as out:
        try:
            for target in targets:
                if target.reading_pdf in fresh:
                    yield Outcome(target, fresh[target.reading_pdf])
                    continue
                if on_start is not None:
                    on_start(target)
                kind, *rest = next(made)
                if kind == "failed":
                    problems, warnings, exit_code = rest
                    yield Outcome(target, None, problems, warnings, exit_code)
                    continue
                (done,) = rest
                started = time.perf_counter()
                out.write(done.files)
                wrote = True
                took = time.perf_counter() - started
                result = replace(
                    done.result,
                    steps=(
                        *done.result.steps,
                        f"wrote both PDFs and the job ticket ({took:.2f} s)",
                    ),
                )
                key = target_key(target, options, list(done.read))
                manifest.record(target, key, result, list(done.read))
                yield Outcome(target, result)
        finally:
            made.close()
            if wrote:  # the folder is held: the manifest is written under its lock
                manifest.save()
