"""A non-editable install carries the built-in kit: layouts, content, fonts and zine.toml."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("zinegen-*.whl")
    return found


def test_the_wheel_holds_the_builtin_kit(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "zinegen/builtin/zine.toml" in names
    assert "zinegen/builtin/layouts/booklet/layout.html" in names
    assert "zinegen/builtin/layouts/booklet/layout.css" in names
    assert "zinegen/builtin/content/en/principles.md" in names
    assert "zinegen/builtin/fonts/fonts.toml" in names
    assert "zinegen/builtin/fonts/OFL.txt" in names
    assert "zinegen/builtin/examples/riverbend/zine.toml" in names
    assert "zinegen/builtin/examples/riverbend/logo.svg" in names
    assert {"zinegen/gallery.html", "zinegen/live.js"} <= names  # the page serve shows
    assert not any("/build/" in name for name in names)


@pytest.mark.slow
def test_an_installed_zinegen_builds_the_booklet_anywhere(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"  # not a kit, so the built-in kit is used
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import zinegen.kit as k; print(k.__file__, k.builtin_dir())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(site)
    assert Path(where[1]) == site / "zinegen" / "builtin"

    result = subprocess.run(
        [sys.executable, "-m", "zinegen", "build", "booklet", "--out", "out"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "en" / "booklet.pdf").stat().st_size > 10_000
    assert (elsewhere / "out" / "en" / "booklet-print.pdf").is_file()

    # The example kit comes with it, ready to copy and build, writing beside itself.
    def zinegen(*args):
        return subprocess.run(
            [sys.executable, "-m", "zinegen", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
        )

    assert zinegen("init", "riverbend", "--example").returncode == 0
    result = zinegen("build", "card", "--kit", "riverbend")
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "riverbend" / "build" / "en" / "card.pdf").is_file()
    # Nothing may be written into the installed package.
    refused = zinegen("build", "card", "--out", str(site / "zinegen" / "out"))
    assert refused.returncode == 2 and "inside the installed zinegen package" in refused.stderr
