"""The command line: thin click commands over the pipeline.

WeasyPrint is imported only where a PDF is made, so `zinegen --help` and `zinegen list`
stay fast.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from zinegen.errors import Problem, ZinegenError, relative_to
from zinegen.outputs import file_size


@contextmanager
def reporting() -> Iterator[None]:
    """Turn a ZinegenError into its messages on stderr and its exit code."""
    try:
        yield
    except ZinegenError as error:
        for warning in error.warnings:
            click.echo(f"  warning: {warning}", err=True)
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(error.exit_code)


kit_option = click.option(
    "--kit",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Kit folder holding zine.toml. [default: this folder if it is a kit, else built-in]",
)
lang_option = click.option(
    "--lang", default=None, help="Language code, or 'all'. [default: the kit's first language]"
)
products_argument = click.argument("products", nargs=-1)


class Zinegen(click.Group):
    """The command group: a mistake in a kit is a message (ZinegenError, through
    `reporting`); anything else is a bug in zinegen, said in a line or two with the way to
    report it. Only --debug shows a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # The reader went away (zinegen list | head): not a bug. Python would complain
            # again when it flushes stdout at exit, so stdout goes nowhere from here.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)  # as a shell reports a process stopped by SIGPIPE
        except KeyboardInterrupt:
            click.echo("stopped.", err=True)
            sys.exit(130)
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            click.echo(
                f"zinegen stopped on a bug of its own: {type(error).__name__}: {error}\n"
                "  hint: run the same command again with --debug after zinegen (zinegen "
                "--debug build ...) and send what it prints to the people who keep zinegen.",
                err=True,
            )
            sys.exit(3)


@click.group(cls=Zinegen, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zinegen")
@click.option("--debug", is_flag=True, help="Show a traceback when zinegen hits a bug.")
def cli(debug) -> None:
    """Turn Markdown sections into print-ready booklets, trifolds, wallet cards and zines.

    \b
    Example:
        zinegen build booklet --paper a4
    """
    # Libraries' own log lines (fontTools on a damaged font, say) are not for a user: what
    # matters reaches them as zinegen's messages. --debug shows them.
    root = logging.getLogger()
    if debug:
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    elif not root.handlers:
        root.addHandler(logging.NullHandler())


paper_option = click.option(
    "--paper",
    type=click.Choice(["letter", "a4"]),
    default=None,
    help="Sheet size; booklet pages are half of it. [default: the kit's paper, else letter]",
)


as_of_option = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="DATE",
    help="Make a bad date sheet's edition of DATE (YYYY-MM-DD): the reports current that "
    "day. An edition of a day other than today is named for it: "
    "bad-date-sheet-2026-11-19.pdf. [default: today]",
)


class Console:
    """What a build or check prints: problems always; progress unless -q; what each stage
    did with -v. A warning (kit-wide ones come from every product) is said once."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.warned: set[str] = set()

    def say(self, text: str) -> None:
        if not self.quiet:
            click.echo(text)

    def detail(self, lines) -> None:
        if self.verbose:
            for line in lines:
                click.echo(f"    {line}")

    def report(self, problems, warnings=()) -> None:
        for warning in warnings:
            if str(warning) not in self.warned:
                click.echo(f"  warning: {warning}", err=True)
            self.warned.add(str(warning))
        for problem in problems:
            click.echo(f"error: {problem}", err=True)

    def summary(self, outcomes) -> None:
        """A table of the build, one row a target: pages, sheet sides, size, seconds."""
        if self.quiet or len(outcomes) < 2:
            return
        rows = [("target", "pages", "sheets", "size", "time")]
        for outcome in outcomes:
            target, result = outcome.target, outcome.result
            name = f"{target.product.name} ({target.lang}, {target.paper})"
            if result is None:
                rows.append((name, "", "", "", "failed"))
                continue
            size = file_size(result.reading_bytes + result.print_bytes)
            when = "up to date" if result.up_to_date else f"{result.seconds:.1f} s"
            rows.append((name, str(result.pages), str(result.sheet_sides), size, when))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            cells = [row[0].ljust(widths[0])] + [
                c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
            ]
            click.echo("  " + "  ".join(cells).rstrip())

    def which_kit(self, kit) -> None:
        """Say which kit is used: a user who forgot --kit sees that it is the built-in one."""
        if not kit.is_builtin:
            found_above = Path.cwd().resolve() != kit.root and Path.cwd().resolve().is_relative_to(
                kit.root
            )
            above = ", found in a folder above this one" if found_above else ""
            self.say(f"kit: {kit.organization.name} ({kit.root}{above})")
        elif Path.cwd().resolve().is_relative_to(kit.root):
            self.say(f"kit: zinegen's built-in sample kit ({kit.root}), with example contacts")
        else:
            self.say(
                f"kit: zinegen's built-in sample kit, with example contacts (no "
                f"{kit.config_file.name} in this folder or above it: give --kit, or make a kit "
                "with zinegen init)"
            )

    def each_target(self, verb: str, targets, work) -> tuple[int, int]:
        """Run `work` on every target, reporting a target's problems and going on with the
        next, so one bad panel does not hide another: (targets done, worst exit code)."""
        worst, done = 0, 0
        for target in targets:
            self.say(f"{verb} {target.product.name} ({target.lang}, {target.paper}) ...")
            try:
                work(target)
                done += 1
            except ZinegenError as error:
                self.report(error.problems)
                worst = max(worst, error.exit_code)
        return done, worst


strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings as errors (exit 1), as for a print run."
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
verbose_option = click.option(
    "-v", "--verbose", is_flag=True, help="Also print what each stage did, and how long it took."
)


@cli.command()
@products_argument
@kit_option
@lang_option
@paper_option
@click.option(
    "--allow-overflow",
    is_flag=True,
    help="Warn, instead of failing, when text does not fit a panel, card face or zine page "
    "(the PDF is written with that text cut off).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for the PDFs; each language gets its own subfolder. [default: build/ "
    "beside the kit's zine.toml; ./build for the built-in kit]",
)
@click.option(
    "--bleed",
    type=click.FloatRange(0, 10),
    default=0.0,
    metavar="MM",
    help="For a print shop: pages run MM mm past the trim (3 is usual), colour to the "
    "cut edge, with TrimBox and BleedBox set. The file names say -bleed<MM>mm. [default: 0, "
    "for office printers: colour stops clear of the sheet edge]",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Render up to N products at once, in separate processes; the output is the same, "
    "in the same order. [default: the number of cores]",
)
@click.option(
    "--marks",
    is_flag=True,
    help="Add crop marks outside the trim at the corners of the print sheets (the sheet "
    "grows to hold them). The file names say -marks.",
)
@click.option(
    "--gallery",
    is_flag=True,
    help="Also write OUT/index.html: a plain web page showing each product's pages, with "
    "links to its PDFs, to put on a website beside them.",
)
@as_of_option
@strict_option
@quiet_option
@verbose_option
def build(
    products,
    kit,
    lang,
    paper,
    out,
    allow_overflow,
    bleed,
    jobs,
    marks,
    gallery,
    as_of,
    strict,
    quiet,
    verbose,
) -> None:
    """Build the reading and print PDFs of PRODUCTS (all products if none are named).

    Writes OUT/<lang>/<product>.pdf (pages in reading order),
    OUT/<lang>/<product>-print.pdf (pages imposed on sheets for printing) and beside it
    <product>-print.txt, the job ticket (paper, stock, sides, scale, then cut, fold and
    staple). On a paper other than the kit's, the names end in the paper: booklet-a4.pdf.

    \b
    Example:
        zinegen build booklet
        zinegen build --kit ../our-kit --lang all --paper a4
        zinegen build --lang all --gallery
    """
    from zinegen import builds, outputs, pipeline

    console = Console(quiet, verbose)
    started = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1

    def said(outcome) -> None:
        """A target's lines: what it wrote (or that it is up to date), and its warnings."""
        target, result = outcome.target, outcome.result
        if result is None:
            console.report(outcome.problems, outcome.warnings)
            return
        console.detail(result.steps)
        console.report([], result.warnings)
        if result.up_to_date:
            if result.content_line:
                console.say(f"  {result.content_line}")
            return
        n = result.blank_pages
        blanks = f", {n} blank page{'s' * (n != 1)} added" if n else ""
        notes = result.notes_pages
        notes = f", {notes} of them for notes, to fill the last sheet" if notes else ""
        console.say(
            f"  wrote {target.reading_pdf} ({result.pages} page{'s' * (result.pages != 1)}{notes}, "
            f"{file_size(result.reading_bytes)}) and {target.print_pdf} "
            f"({result.sheet_sides} sheet side{'s' * (result.sheet_sides != 1)}{blanks}, "
            f"{file_size(result.print_bytes)}) "
            f"in {result.seconds:.1f} s; how to print it: {target.ticket.name}"
            + (f"; {result.fit_line}" if result.fit_line else "")
        )
        if result.content_line:
            console.say(f"  {result.content_line}")

    def name(target) -> str:
        return f"{target.product.name} ({target.lang}, {target.paper})"

    def run(verb: str, targets) -> list:
        outcomes = []
        for outcome in builds.build_targets(
            loaded,
            targets,
            out_root,
            allow_overflow,
            strict,
            jobs,
            say=console.say,
            on_start=lambda target: console.say(f"{verb} {name(target)} ..."),
        ):
            target = outcome.target
            if outcome.result is not None and outcome.result.up_to_date:
                console.say(
                    f"up to date: {name(target)}, {target.reading_pdf} and {target.print_pdf}"
                )
            said(outcome)
            outcomes.append(outcome)
        return outcomes

    with reporting():
        request = pipeline.BuildRequest(
            kit_dir=kit,
            products=tuple(products),
            lang=lang,
            paper=paper,
            out=out,
            bleed_mm=bleed,
            marks=marks,
            as_of=as_of.date() if as_of else None,
        )
        loaded = pipeline.load_kit(kit)  # stylesheets are checked only if something is built
        targets = pipeline.plan(loaded, request)
        console.which_kit(loaded)
        out_root = pipeline.output_root(targets)
        console.say(f"output: {out_root}")
        outcomes = run("rendering", targets)
        if any(o.result and not o.result.up_to_date for o in outcomes):
            # A pair left mismatched (a build killed between its two moves, or files copied
            # in) is rebuilt when it is one of this kit's; anything else is pointed out.
            stale = _mismatched_targets(loaded, request, targets, out_root)
            if stale:
                console.say("the reading and print PDFs of these came from different builds:")
                outcomes += run("rebuilding", stale)
            for reading, printed in outputs.mismatched_pairs(out_root):
                console.report(
                    [],
                    [
                        Problem(
                            f"{reading} and {printed.name} were made by different builds.",
                            "build that product again before printing either.",
                        )
                    ],
                )
        if gallery:
            from zinegen.gallery import write_gallery

            title = f"{loaded.organization.name}: materials to read and print"
            page = write_gallery(outcomes, out_root, title)
            console.say(f"wrote {page}, a page showing them")
        console.summary(outcomes)
        done = sum(o.result is not None for o in outcomes)
        worst = max((o.exit_code for o in outcomes), default=0)
        failed, warned = len(outcomes) - done, len(console.warned)
        console.say(
            f"{'stopped' if failed else 'done'}: {2 * done} PDFs for {done} of {len(outcomes)} "
            f"product{'s' * (len(outcomes) != 1)}, {warned} warning{'s' * (warned != 1)}, "
            f"{time.perf_counter() - started:.1f} s"
            + (" (--strict: warnings fail a product)" if strict and failed else "")
        )
        if worst:
            sys.exit(worst)


def _mismatched_targets(loaded, request, built, out_root: Path) -> list:
    """Targets of this kit, not built just now, whose two PDFs in the output folder were
    made by different builds."""
    from dataclasses import replace

    from zinegen import outputs, pipeline
    from zinegen.model import PAPERS

    mismatched = {reading.resolve() for reading, _ in outputs.mismatched_pairs(out_root)}
    if not mismatched:
        return []
    done = {target.reading_pdf.resolve() for target in built}
    stale = []
    for paper in PAPERS:
        every = replace(request, products=(), lang="all", paper=paper)
        for target in pipeline.plan(loaded, every):
            reading = target.reading_pdf.resolve()
            if reading in mismatched and reading not in done:
                stale.append(target)
    return stale


@cli.command()
@products_argument
@kit_option
@lang_option
@paper_option
@as_of_option
@strict_option
@quiet_option
@verbose_option
def check(products, kit, lang, paper, as_of, strict, quiet, verbose) -> None:
    """Lay out PRODUCTS and run the preflight checks, writing no PDF.

    Reports text that does not fit a panel, card face or zine page (in mm), characters
    no bundled font can draw, text below the layout's minimum size, words on the outside
    of a discreet product that could out the person carrying it, and empty panels (exit
    code 1 for any but the last). Warns about sections not reviewed in the kit's
    review_months, and prints each product's reading grade, warning when a worker-facing
    product reads above the kit's reading_grade.

    \b
    Example:
        zinegen check trifold card
    """
    from zinegen import pipeline

    console = Console(quiet, verbose)

    def check_one(target) -> None:
        checked = pipeline.check_target(target, grade=True)
        problems = checked.overflows + checked.problems
        if strict:
            problems, warnings = problems + checked.warnings, []
        else:
            warnings = checked.warnings
        console.detail(checked.steps)
        console.say(f"  {checked.grade_line}")
        if checked.fit_line:
            console.say(f"  {checked.fit_line}")
        if checked.content_line:
            console.say(f"  {checked.content_line}")
        console.report(problems, warnings)
        if problems:
            raise ZinegenError([], exit_code=1)
        console.say(f"  ok ({checked.pages} page{'s' * (checked.pages != 1)})")

    with reporting():
        request = pipeline.BuildRequest(
            kit_dir=kit,
            products=tuple(products),
            lang=lang,
            paper=paper,
            as_of=as_of.date() if as_of else None,
        )
        loaded = pipeline.load_kit(kit, stylesheets=True)
        targets = pipeline.plan(loaded, request)
        console.which_kit(loaded)
        _, worst = console.each_target("checking", targets, check_one)
        if lang == "all" or len(loaded.languages) > 1:
            _coverage_table(loaded, console)
        if worst:
            sys.exit(worst)


def _coverage_table(kit, console) -> None:
    """Each language: sections the products print that it has, lacks and has stale, and
    the printed words it lacks."""
    from zinegen.translation import coverage

    rows = [("language", "sections", "missing", "stale", "strings missing")]
    for row in coverage(kit):
        total = len(row.present) + len(row.missing)
        rows.append(
            (
                row.lang,
                f"{len(row.present)} of {total}",
                str(len(row.missing)),
                str(len(row.stale)),
                str(len(row.strings_missing)),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    console.say("translations:")
    for r in rows:
        console.say("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


@cli.command(name="translate-status")
@kit_option
def translate_status(kit) -> None:
    """List what a translator should do next, language by language: the sections the
    products print that are missing or stale, and the printed words not translated.

    \b
    Example:
        zinegen translate-status --kit our-kit
    """
    from zinegen import pipeline
    from zinegen.translation import coverage

    with reporting():
        loaded = pipeline.load_kit(kit)
        first = loaded.languages[0]
        todo = 0
        for row in coverage(loaded)[1:]:
            click.echo(f"{row.lang}: {len(row.present)} sections translated")
            for section_id in row.missing:
                click.echo(f"  translate content/{first}/{section_id}.md -> content/{row.lang}/")
            for path in row.stale:
                shown = relative_to(path, loaded.root)
                click.echo(
                    f"  update {shown} (its source changed), then: zinegen translated {shown}"
                )
            for key in row.strings_missing:
                click.echo(f"  add the printed words '{key}' to strings/{row.lang}.toml")
            todo += len(row.missing) + len(row.stale) + len(row.strings_missing)
        if len(loaded.languages) == 1:
            click.echo(f"the kit has one language, '{first}': nothing to translate.")
        else:
            click.echo("nothing left to do." if not todo else f"{todo} things to do.")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@kit_option
def translated(files, kit) -> None:
    """Record that each translated section FILE is up to date with its source in the kit's
    first language (writes translated_from in its front matter).

    \b
    Example:
        zinegen translated content/es/street-safety.md
    """
    from zinegen import pipeline
    from zinegen.translation import mark_translated

    with reporting():
        loaded = pipeline.load_kit(kit)
        for path in files:
            if not path.is_file():
                raise ZinegenError([Problem(f"{path} does not exist.", "check the file name.")])
            recorded = mark_translated(loaded, path)
            click.echo(f"{path}: translated_from {recorded}")


@cli.command()
@products_argument
@kit_option
@click.option(
    "--lang", default="all", help="Language code, or 'all'. [default: all the kit's languages]"
)
@paper_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for the PDFs, as for build. [default: build/ beside the kit's zine.toml]",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    metavar="N",
    help="Port to listen on, on 127.0.0.1 only. [default: a free one]",
)
@click.option(
    "--allow-overflow",
    is_flag=True,
    help="Show products whose text does not fit, cut off, instead of failing them.",
)
def serve(products, kit, lang, paper, out, port, allow_overflow) -> None:
    """Build PRODUCTS (all if none are named) and show them on a page in your browser,
    building again each time you save a file of the kit.

    The page, at the address printed (on this computer only: 127.0.0.1), shows each
    product's pages, links to its reading and print PDFs and job ticket, the body text
    size chosen for it, and its warnings and problems. It updates itself after each
    build. A change that fails keeps the last good PDFs on the page and says what to fix
    above them. Ctrl-C stops it.

    \b
    Example:
        zinegen serve --kit ../our-kit
        zinegen serve card --port 8000
    """
    from zinegen import pipeline
    from zinegen import serve as serving

    with reporting():
        request = pipeline.BuildRequest(
            kit_dir=kit, products=tuple(products), lang=lang, paper=paper, out=out
        )
        options = serving.Options(request, port, allow_overflow)
        try:
            serving.run(options, click.echo)
        except KeyboardInterrupt:
            click.echo("stopped.")
        except OSError as error:
            if error.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            raise ZinegenError(
                [
                    Problem(
                        f"cannot listen on port {port}: {error.strerror}.",
                        "leave out --port to use a free one, or give another.",
                    )
                ]
            ) from None


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="The organization's name, for covers and backs.")
@click.option(
    "--example",
    is_flag=True,
    help="Copy the example kit of a fictional outreach program (no --name needed).",
)
@click.option("--force", is_flag=True, help="Write into a folder that already has files.")
def init(folder, name, example, force) -> None:
    """Create a new kit in FOLDER that builds at once.

    It holds zine.toml (organization, contact, theme, products), resources.yaml with six
    example entries, and content/ and layouts/ folders for your own sections and layout
    changes. With --example, FOLDER gets a copy of the example kit instead: a complete
    kit of a fictional program, with its own sections, logo and colours, to look at.

    \b
    Example:
        zinegen init our-kit --name "Northside Outreach"
        zinegen build --kit our-kit
        zinegen init riverbend --example
    """
    from zinegen.newkit import create_kit

    with reporting():
        if not example and name is None:
            raise click.UsageError("give the organization's name with --name (or use --example).")
        written, kept = create_kit(folder, name, force, example)
        for path in written:
            click.echo(f"wrote {path}")
        for path in kept:
            click.echo(f"kept {path} as it was")
        click.echo(f"next: edit {folder / 'zine.toml'}, then: zinegen build --kit {folder}")


@cli.command()
@click.argument("kind", type=click.Choice(["section", "layout"]))
@click.argument("name")
@kit_option
@click.option("--force", is_flag=True, help="Replace the kit's copy if it has one already.")
def eject(kind, name, kit, force) -> None:
    """Copy a built-in section or layout into the kit, to change it there.

    The copy replaces the built-in one in every product of the kit. A section is copied
    in each of the kit's languages; a layout as its whole folder (layout.html, layout.css,
    layout.toml).

    \b
    Example:
        zinegen eject section street-safety --kit our-kit
        zinegen eject layout card --kit our-kit
    """
    from zinegen.kit.config import read_config
    from zinegen.newkit import eject as copy_into_kit

    with reporting():
        # zine.toml as far as it reads: eject can restore a file whose mistake stops a build
        loaded, _ = read_config(kit)
        copied, missing = copy_into_kit(loaded, kind, name, force)
        for _, target in copied:
            click.echo(f"wrote {target}")
        for lang in missing:
            click.echo(
                f"note: zinegen has no '{lang}' version of {kind} '{name}': translate the "
                f"copy into content/{lang}/{name}.md yourself."
            )
        what = f"{kind} '{name}'"
        click.echo(f"next: edit the copy; it replaces the built-in {what} in every product.")


@cli.command(name="list")
@kit_option
def list_(kit) -> None:
    """List the kit's products, layouts, languages and sections (with the month each was
    last reviewed).

    \b
    Example:
        zinegen list --kit ../our-kit
    """
    from zinegen.kit import RESOURCES_SECTION, available_layouts, builtin_dir, load_kit
    from zinegen.kit.baddates import SECTION_ID as BADDATES_SECTION
    from zinegen.kit.sections import section_path

    with reporting():
        loaded = load_kit(kit)
        builtin = builtin_dir().resolve()

        def origin(path: Path) -> str:
            """Whether a file comes from the kit or from zinegen's built-in kit."""
            inside_kit = loaded.root != builtin and path.is_relative_to(loaded.root)
            return "kit" if inside_kit else "built-in"

        click.echo(f"kit: {loaded.name} ({loaded.root})")
        click.echo(f"languages: {', '.join(loaded.languages)}   paper: {loaded.paper}")
        click.echo("\nproducts:")
        for product in loaded.products.values():
            parts = (
                (len(product.panels), "panels")
                if product.panels
                else (len(product.sections), "sections")
            )
            click.echo(
                f"  {product.name:<12} {product.layout:<9} {parts[0]:>2} "
                f"{parts[1] if parts[0] != 1 else parts[1][:-1]:<8}"
                f"  {product.title}"
            )
            # Where each file it is made from comes from, so an edit lands in the right one.
            lang = loaded.languages[0]
            used = []
            for section_id in product.printed_ids:
                if section_id == RESOURCES_SECTION and loaded.resources_file is not None:
                    used.append(f"{section_id} (kit: {loaded.resources_file.name})")
                    continue
                if section_id == BADDATES_SECTION:  # made even with no reports yet
                    reports = loaded.baddates_file.name if loaded.baddates_file else "none yet"
                    used.append(f"{section_id} (kit: {reports}, {len(loaded.baddates)} reports)")
                    continue
                path = section_path(loaded, section_id, lang)
                used.append(f"{section_id} ({origin(path) if path else 'missing'})")
            layout_files = [
                f"{name} ({origin(found)})"
                for name in ("layout.html", "layout.css", "layout.toml")
                if (found := loaded.find(Path("layouts") / product.layout / name))
            ]
            click.echo(
                textwrap.fill(
                    "sections: " + (", ".join(used) or "none (the layout has its own words)"),
                    width=96,
                    initial_indent=" " * 4,
                    subsequent_indent=" " * 6,
                    break_on_hyphens=False,
                )
            )
            click.echo(f"    {product.layout} layout: " + ", ".join(layout_files))
        click.echo("\nlayouts:")
        for name in sorted(available_layouts(loaded.search_path)):
            files = {}
            for root in reversed(loaded.search_path):  # the kit's copy wins
                for path in sorted((root / "layouts" / name).glob("*")):
                    files[path.name] = origin(path)
            listed = ", ".join(f"{file} ({where})" for file, where in sorted(files.items()))
            click.echo(f"  {name:<10} {listed}")
        shared = {}
        for root in reversed(loaded.search_path):
            for path in sorted((root / "layouts" / "_shared").glob("*")):
                shared[path.name] = origin(path)
        if any(where == "kit" for where in shared.values()):
            listed = ", ".join(f"{file} ({where})" for file, where in sorted(shared.items()))
            click.echo(f"  {'_shared':<10} {listed}")
        extra = loaded.root / "extra.css"
        if extra.is_file() and origin(extra) == "kit":
            click.echo("  extra.css (kit), after every layout's stylesheet")
        for lang in loaded.languages:
            click.echo(f"\nsections ({lang}):")
            if loaded.resources_file is not None:
                count = len(loaded.resources)
                click.echo(
                    f"  {'local-resources':<26} {'workers':<10} {'kit':<9} {'-':<9}"
                    f"Local resources ({count} in {loaded.resources_file.name})"
                )
            in_lang = sorted((i, s) for (code, i), s in loaded.sections.items() if code == lang)
            for section_id, section in in_lang:
                reviewed = f"{section.reviewed:%Y-%m}" if section.reviewed else "never"
                click.echo(
                    f"  {section_id:<26} {section.audience or '-':<10} "
                    f"{origin(section.source):<9} {reviewed:<9}{section.title}"
                )


@cli.group()
def baddates() -> None:
    """Bad date reports: add filled report forms to the kit's baddates.yaml, or take
    expired reports out of it."""


@baddates.command(name="import")
@click.argument("forms", nargs=-1, required=True, type=click.Path(path_type=Path))
@kit_option
def import_(forms, kit) -> None:
    """Add the reports of filled report FORMS (PDFs of the report-form product) to the
    kit's baddates.yaml, or baddates.csv if it keeps that (baddates.yaml is made if
    there is neither).

    Each form is checked as a report in baddates.yaml is: a date written year-month-day
    and a warning; a field that is not a report's (a reporter's name or number) refuses
    the form, and its value is never printed. A form imported before is refused. Any
    problem and nothing is added. Only the report's fields are written: not the form's
    file name. A phone number or e-mail address in a field other than contact is added
    with a warning: delete it from the file if it is the reporter's own.

    \b
    Example:
        zinegen baddates import ~/Downloads/report-form*.pdf --kit our-kit
    """
    from zinegen.forms import import_forms

    with reporting():
        imported = import_forms(kit, list(forms))
        for warning in imported.warnings:
            click.echo(f"  warning: {warning}", err=True)
        click.echo(imported.summary())


@baddates.command()
@kit_option
@as_of_option
def prune(kit, as_of) -> None:
    """Take the reports that have expired out of the kit's baddates.yaml (or .csv), for
    good: those whose last day (expires, or keep_days after their date) is before today,
    or before --as-of DATE. Every other line of the file, comments too, stays as written.

    \b
    Example:
        zinegen baddates prune --kit our-kit
    """
    import datetime as dt

    from zinegen.errors import shown_path
    from zinegen.forms import prune_reports
    from zinegen.kit.entries import number_ranges

    with reporting():
        day = as_of.date() if as_of else dt.date.today()
        path, gone, left = prune_reports(kit, day)
        if not gone:
            click.echo(f"no report in {shown_path(path)} expired before {day}; nothing changed.")
            return
        numbers = number_ranges([r.number for r in gone])
        click.echo(
            f"took {len(gone)} expired report{'s' * (len(gone) != 1)} out of {shown_path(path)} "
            f"(numbered {numbers} before); {left} remain{'s' * (left == 1)}."
        )
