"""Atomic writes: a failed or interrupted build never leaves a half-written PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from zinegen.errors import fail


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to a temporary file beside `path`, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        fail(f"cannot write to {path.parent}: {error.strerror}.", "check the --out folder.")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
