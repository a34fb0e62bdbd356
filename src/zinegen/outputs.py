"""Writing PDFs so that nothing is lost: a failed, interrupted or killed build never leaves a
half-written PDF, nor a reading PDF and a print PDF from two different builds.

A target's files are written whole to temporary files beside their places first. A small
journal then names them, and only then are they moved into place, with Ctrl-C and SIGTERM
held back until the moves are done. If a move fails (a folder in the way), the files it
replaced are put back from second names kept for them. A build killed outright (SIGKILL,
power loss) leaves the journal behind: the next build that writes to the folder finishes
the moves before anything else, so the pair on disk is always a whole, matching one. A lock
keeps two builds from writing one folder at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import astuple, dataclass
from pathlib import Path

from zinegen.errors import fail


def file_size(n: int) -> str:
    """A file's size as people read it: 216 KB, 1.4 MB."""
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


JOURNAL = ".zinegen-writing.json"  # the moves of a target under way, in its folder
LOCK = ".zinegen.lock"
TEMP_MARK = ".zinegen-"  # in the name of every temporary file this module makes
BUILD_ID_KEY = "ZinegenBuild"  # in the document information of both PDFs of a build


def write_together(files: dict[Path, bytes]) -> None:
    """Write files (in one folder) so that either all of them change or none does."""
    folder = next(iter(files)).parent
    folder.mkdir(parents=True, exist_ok=True)
    moves: list[Move] = []
    try:
        for path, data in files.items():
            moves.append(Move(str(path), str(_write_temp(path, data)), _keep_previous(path)))
        _write_temp_then_move(folder / JOURNAL, _journal(moves, undo=False))
    except OSError as error:
        _remove_leftovers(moves)
        fail(
            f"cannot write {error.filename or folder}: {error.strerror}.",
            "check that the output folder is writable, that the disk has room, and that no "
            "folder has the PDF's name.",
        )
    with _signals_held():
        try:
            _move_all(folder, moves)
        except OSError as error:
            _undo(folder, moves)
            fail(
                f"cannot replace {error.filename}: {error.strerror}; the previous PDFs are kept.",
                "move away what is in the way (a folder with the PDF's name?), then build again.",
            )


@dataclass(frozen=True)
class Move:
    """One file of a pair: where it goes, its new content waiting beside it, and a second
    name for the file it replaces (so that it can be put back), if there was one."""

    target: str
    temp: str
    previous: str | None


def _keep_previous(path: Path) -> str | None:
    """A hard link to the file about to be replaced (a copy where links are not possible)."""
    if not path.is_file():
        return None
    keep = path.with_name(f".{path.name}{TEMP_MARK}previous-{secrets.token_hex(4)}")
    try:
        os.link(path, keep)
    except OSError:
        shutil.copy2(path, keep)
    return str(keep)


def _journal(moves: list[Move], undo: bool) -> bytes:
    return json.dumps({"undo": undo, "moves": [astuple(move) for move in moves]}).encode()


def _move_all(folder: Path, moves: list[Move]) -> None:
    """Move every new file into place (one whose temp file is gone was moved already)."""
    for move in moves:
        if os.path.isfile(move.temp):
            os.replace(move.temp, move.target)
    (folder / JOURNAL).unlink(missing_ok=True)
    _remove_leftovers(moves)


def _undo(folder: Path, moves: list[Move]) -> None:
    """Put back the files that were replaced (a move that failed half-way through)."""
    _write_temp_then_move(folder / JOURNAL, _journal(moves, undo=True))
    for move in moves:
        if os.path.isfile(move.temp):
            continue  # never moved: the previous file is still in place
        if move.previous is not None and os.path.isfile(move.previous):
            os.replace(move.previous, move.target)
        elif move.previous is None:
            Path(move.target).unlink(missing_ok=True)
    (folder / JOURNAL).unlink(missing_ok=True)
    _remove_leftovers(moves)


def _remove_leftovers(moves: list[Move]) -> None:
    for move in moves:
        for path in (move.temp, move.previous):
            if path is not None:
                Path(path).unlink(missing_ok=True)


def recover(folder: Path) -> None:
    """Finish what an interrupted build left in a folder, then remove every temporary file
    of ours. A journal names new files that were whole before it was written: their moves
    are completed (or, if the build was undoing a failed move, undone)."""
    journal = folder / JOURNAL
    if journal.is_file():
        try:
            record = json.loads(journal.read_text())
            moves = [Move(*move) for move in record["moves"]]
        except (OSError, ValueError, KeyError, TypeError):
            moves, record = [], {}  # never complete, so no move had started
        try:
            if record.get("undo"):
                _undo(folder, moves)
            else:
                _move_all(folder, moves)
        except OSError:
            _undo(folder, moves)
        journal.unlink(missing_ok=True)
    for leftover in folder.glob(f".*{TEMP_MARK}*"):
        leftover.unlink(missing_ok=True)


def _recover_all(folder: Path) -> None:
    for place in (folder, *(p for p in folder.iterdir() if p.is_dir())):
        try:
            recover(place)
        except OSError as error:
            fail(
                f"cannot finish what an interrupted build left in {place}: {error.strerror}.",
                "check that the folder is writable, then build again.",
            )


class OutputFolder:
    """An output folder, held for one build from its first write to its end: made, locked
    (a second build into it waits) and tidied of what a killed build left, at the first
    write, so a build that fails before writing leaves no trace."""

    def __init__(
        self, root: Path, say: Callable[[str], None] | None = None, wait_s: float = 600.0
    ) -> None:
        self.root, self.say, self.wait_s = root, say, wait_s
        self._lock = contextlib.ExitStack()
        self._held = False

    def write(self, files: dict[Path, bytes]) -> None:
        """Write one target's files, together (see write_together)."""
        if not self._held:
            self._lock.enter_context(output_lock(self.root, self.say, self.wait_s))
            self._held = True
        write_together(files)

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, *exc_info) -> None:
        self._lock.close()


@contextlib.contextmanager
def output_lock(
    folder: Path, say: Callable[[str], None] | None = None, wait_s: float = 600.0
) -> Iterator[None]:
    """Hold an output folder for one build. A second build waits for the first (and says
    so); what a killed build left behind, in the folder or its language folders, is
    finished first."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds should not overlap there
        _recover_all(folder)
        yield
        return
    with (folder / LOCK).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another zinegen"
            if say:
                say(f"waiting: {holder} is writing {folder} ...")
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        fail(
                            f"{holder} is still writing {folder}.",
                            "wait for it to finish, or give this build another --out.",
                        )
                    time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"zinegen (process {os.getpid()})")
        handle.flush()
        try:
            _recover_all(folder)
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the moves are done (then take effect as usual)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """One file, whole or not at all: written beside its place, then moved into it. A write
    that fails leaves nothing behind (no empty file to block the next try)."""
    _write_temp_then_move(path, data, mode)


def _write_temp_then_move(path: Path, data: bytes, mode: int = 0o644) -> None:
    temp = _write_temp(path, data, mode)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_temp(path: Path, data: bytes, mode: int = 0o644) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}{TEMP_MARK}")
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def build_id(pdf: Path) -> str | None:
    """The id of the build that wrote a PDF (None: unreadable, or not made by zinegen)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        info = PdfReader(pdf).metadata or {}
        return str(info.get(f"/{BUILD_ID_KEY}")) if f"/{BUILD_ID_KEY}" in info else None
    except (OSError, PyPdfError, ValueError):
        return None


def mismatched_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """Reading and print PDFs, in a build folder's language folders, that were not made by
    the same build (copied in from elsewhere, or left by a zinegen before build ids)."""
    pairs = []
    for printed in sorted(folder.glob("*/*-print.pdf")):
        if not printed.is_file():
            continue
        reading = printed.with_name(printed.name.removesuffix("-print.pdf") + ".pdf")
        if reading.is_file() and build_id(reading) != build_id(printed):
            pairs.append((reading, printed))
    return pairs
