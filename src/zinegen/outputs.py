"""Atomic writes: a failed or interrupted build never leaves a half-written PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from zinegen.errors import fail


def write_together(files: dict[Path, bytes]) -> None:
    """Write files so that either all of them change or none does.

    Each is written to a temporary file beside its target first; only then are they renamed
    into place, and if one rename fails the ones already done are put back. So the reading
    and print PDFs of a product always stay a matching pair.
    """
    temps: dict[Path, Path] = {}
    done: list[tuple[Path, Path | None]] = []  # (target, its previous file set aside)
    try:
        for path, data in files.items():
            temps[path] = _write_temp(path, data)
        for path, temp in temps.items():
            previous = _set_aside(path)
            try:
                os.replace(temp, path)
            except OSError:
                if previous is not None:
                    os.replace(previous, path)
                raise
            done.append((path, previous))
    except OSError as error:
        for path, previous in reversed(done):
            if previous is not None:
                os.replace(previous, path)
            else:
                path.unlink(missing_ok=True)
        done.clear()
        fail(
            f"cannot write {error.filename or path}: {error.strerror}.",
            "check that the --out folder is writable and that no folder has the PDF's name.",
        )
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        for _, previous in done:
            if previous is not None:
                previous.unlink(missing_ok=True)


def _temp_beside(path: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(handle)
    return Path(name)


def _write_temp(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_beside(path, ".tmp")
    try:
        with temp.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(0o644)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _set_aside(path: Path) -> Path | None:
    """Move an existing file out of the way (kept until the new set is in place)."""
    if not path.is_file():
        return None
    previous = _temp_beside(path, ".old")
    os.replace(path, previous)
    return previous


def write_atomically(path: Path, data: bytes) -> None:
    """One file, whole or not at all: written beside its place, then moved into it. A write
    that fails leaves nothing behind (no empty file to block the next try)."""
    temp = _write_temp(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
