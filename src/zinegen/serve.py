"""`zinegen serve`: build the kit, show every product on one local page, and build again
on every save, in the same process (WeasyPrint and the fonts stay loaded).

The page is gallery.py's, with a script that asks the server every 700 ms which build it
shows and swaps in the new content when that changes. A build that fails keeps the last
good PDFs and thumbnails on the page and says why beside them.

The server listens on 127.0.0.1 only and answers GET and HEAD alone. It serves the page,
its script and files of the output folder: PDFs, thumbnails, job tickets. A request for
anything that resolves outside that folder (`..`, encoded or not, an absolute path, a
symlink out) is refused, and so is a request naming another host (a web page trying to
reach it through a name it controls).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from zinegen import gallery
from zinegen.builds import Outcome
from zinegen.errors import Problem, ZinegenError, relative_to
from zinegen.model import Target

if TYPE_CHECKING:
    from zinegen.pipeline import BuildRequest

SERVED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
LIVE_SCRIPT = "/_zinegen/live.js"
STATE = "/_zinegen/state"
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; "
    "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class NotServed(Exception):
    """A request the server turns down, with its status (403 outside the folder, 404
    absent or not a kind of file it serves)."""

    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


def find_file(root: Path, request_path: str) -> tuple[Path, str]:
    """The file of the output folder `root` that a request's path names, and its content
    type. Raises NotServed for anything else."""
    path = request_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        raise NotServed(HTTPStatus.FORBIDDEN)  # "http://elsewhere/..." or "*"
    try:
        name = unquote(path[1:], errors="strict")
    except UnicodeDecodeError:
        raise NotServed(HTTPStatus.NOT_FOUND) from None
    parts = name.split("/")
    if (
        name.startswith("/")
        or any(c in name for c in "\\\0:")
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
    ):
        raise NotServed(HTTPStatus.FORBIDDEN)  # climbing out, absolute, or a hidden file
    folder = root.resolve()
    try:
        found = (folder / name).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise NotServed(HTTPStatus.NOT_FOUND) from None
    if not found.is_relative_to(folder):
        raise NotServed(HTTPStatus.FORBIDDEN)  # a symlink out of the folder
    kind = SERVED_TYPES.get(found.suffix.lower())
    if kind is None or not found.is_file():
        raise NotServed(HTTPStatus.NOT_FOUND)
    return found, kind


class Shown:
    """What the server shows, replaced whole after each build: the page, a number that
    changes with it, and a line saying what zinegen is doing."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.page, self.version, self.status = "", 0, ""

    def publish(self, page: str, status: str) -> None:
        with self._lock:
            self.page, self.status, self.version = page, status, self.version + 1

    def say(self, status: str) -> None:
        with self._lock:
            self.status = status

    def state(self) -> bytes:
        with self._lock:
            return json.dumps({"version": str(self.version), "status": self.status}).encode()


def make_handler(out_root: Path, shown: Shown, port: Callable[[], int]):
    """A request handler serving `shown` and the files of `out_root`."""
    script = (Path(__file__).parent / "live.js").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        server_version = "zinegen"
        sys_version = ""

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            try:
                data, kind, policy = self._find()
            except NotServed as refused:
                self.send_error(refused.status)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            if policy:
                self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _find(self) -> tuple[bytes, str, str]:
            host = self.headers.get("Host", "")
            if host not in (f"127.0.0.1:{port()}", f"localhost:{port()}"):
                raise NotServed(HTTPStatus.FORBIDDEN)  # another name for this address
            path = self.path.split("?", 1)[0]
            if path in ("/", "/index.html"):
                return shown.page.encode(), SERVED_TYPES[".html"], PAGE_POLICY
            if path == STATE:
                return shown.state(), "application/json", ""
            if path == LIVE_SCRIPT:
                return script, "text/javascript; charset=utf-8", ""
            found, kind = find_file(out_root, self.path)
            try:
                return found.read_bytes(), kind, PAGE_POLICY
            except OSError:
                raise NotServed(HTTPStatus.NOT_FOUND) from None

        def log_message(self, format, *args) -> None:
            pass  # a request per thumbnail and poll: not for the terminal

    return Handler


def build(
    targets: Sequence[Target], allow_overflow: bool, strict: bool, out_root: Path
) -> list[Outcome]:
    """Build targets into the output folder, each on its own: one that fails does not stop
    the others, and one whose inputs did not change since its last build is up to date
    (the output folder's manifest says so). Every build serve makes goes through here."""
    from zinegen import builds

    if not targets:
        return []
    kit = targets[0].kit
    return list(builds.build_targets(kit, list(targets), out_root, allow_overflow, strict))


@dataclass(frozen=True)
class Options:
    """What `zinegen serve` was asked for."""

    request: BuildRequest
    port: int = 0  # 0: a free port
    allow_overflow: bool = False


class Session:
    """One `zinegen serve`: the kit as last read, the outcome of each target's last
    build, and the page they make."""

    def __init__(self, options: Options, say: Callable[[str], None]) -> None:
        from zinegen import pipeline

        self.options, self.say = options, say
        self.kit = pipeline.load_kit(options.request.kit_dir, stylesheets=True)
        self.targets = pipeline.plan(self.kit, options.request)
        self.out_root = pipeline.output_root(self.targets)
        self.outcomes: dict[Path, Outcome] = {}  # by reading PDF
        self.shown = Shown()
        self.publish("Building ...")  # with what an earlier build left, meanwhile

    def build(self, targets: Sequence[Target], why: str) -> None:
        """Build targets, draw the pages of those rebuilt, and publish the new page."""
        started = time.perf_counter()
        names = ", ".join(f"{t.product.name} ({t.lang})" for t in targets)
        self.shown.say(f"Building {names} ...")
        self.say(f"building {names}{why} ...")
        for outcome in build(targets, self.options.allow_overflow, False, self.out_root):
            self.outcomes[outcome.target.reading_pdf] = outcome
            gallery.refresh_thumbnails(outcome)
            self._report(outcome)
        seconds = time.perf_counter() - started
        failed = [o for o in self.outcomes.values() if o.result is None]
        status = f"Built {names} at {time.strftime('%H:%M:%S')} ({seconds:.1f} s)."
        if failed:
            status += f" {len(failed)} could not be built: see below."
        self.publish(status)

    def _report(self, outcome: Outcome) -> None:
        name = f"{outcome.target.product.name} ({outcome.target.lang})"
        if outcome.result is None:
            for problem in outcome.problems:
                self.say(f"error: {problem}")
            self.say(f"  {name}: not built; the page shows its last good PDFs")
        elif outcome.result.up_to_date:
            self.say(f"  {name}: up to date")
        else:
            result = outcome.result
            fit = f"; {result.fit_line}" if result.fit_line else ""
            warned = len(result.warnings)
            self.say(
                f"  {name}: {result.pages} pages in {result.seconds:.1f} s, "
                f"{warned} warning{'s' * (warned != 1)}{fit}"
            )

    def publish(self, status: str, failure: Sequence[Problem] = ()) -> None:
        entries = [
            gallery.entry(t, self.out_root, self.outcomes.get(t.reading_pdf)) for t in self.targets
        ]
        title = f"{self.kit.organization.name}: previews"
        failed = [gallery.said(p, self.kit.root) for p in failure]
        page = gallery.render_page(entries, title, True, failed, self.shown.version + 1)
        self.shown.publish(page, status)

    def changed(self, paths: set[Path]) -> None:
        """Files of the kit changed: read it again, and rebuild what they touch."""
        from zinegen import pipeline
        from zinegen.manifest import target_files

        # An editor's temporary file, made and removed while saving, changes nothing.
        known = {p.resolve() for t in self.targets for p in target_files(t)}
        paths = {p for p in paths if p.exists() or p.resolve() in known}
        if not paths:
            return
        names = ", ".join(sorted(relative_to(p, self.kit.root).as_posix() for p in paths))
        try:
            kit = pipeline.load_kit(self.options.request.kit_dir, stylesheets=True)
            targets = pipeline.plan(kit, self.options.request)
            if pipeline.output_root(targets).resolve() != self.out_root.resolve():
                moved = Problem("the output folder changed.", "stop zinegen serve and start again.")
                raise ZinegenError([moved])
        except ZinegenError as error:
            for problem in error.problems:
                self.say(f"error: {problem}")
            self.say("  the kit could not be read; the page shows the last good PDFs")
            status = f"The change to {names} could not be built, at {time.strftime('%H:%M:%S')}."
            self.publish(status, failure=error.problems)
            return
        self.kit, self.targets = kit, targets
        # every target is asked for: those whose inputs did not change are up to date
        self.build(targets, f" (changed: {names})")


def run(options: Options, say: Callable[[str], None]) -> None:
    """Serve until Ctrl-C: the first build, then a build for each save in the kit."""
    import watchfiles

    session = Session(options, say)
    server = ThreadingHTTPServer(
        ("127.0.0.1", options.port),
        make_handler(session.out_root, session.shown, lambda: server.server_address[1]),
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="zinegen serve", daemon=True)
    thread.start()
    try:
        say(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
        say(f"kit: {session.kit.root}")
        say(f"output: {session.out_root}")
        session.build(session.targets, "")
        ignore = watchfiles.DefaultFilter(ignore_paths=[session.out_root.resolve()])
        root = session.kit.root
        for changes in watchfiles.watch(root, watch_filter=ignore, step=100, debounce=1600):
            session.changed({Path(path) for _, path in changes})
    finally:
        server.shutdown()
        server.server_close()
