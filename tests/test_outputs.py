"""Nothing lost: the reading and print PDFs on disk are always a whole pair from one build,
whatever happens to a build (a failed move, Ctrl-C, SIGTERM, SIGKILL, a second build)."""

from __future__ import annotations

import fcntl
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run
from pypdf import PdfReader

from zinegen.errors import ZinegenError
from zinegen.manifest import MANIFEST
from zinegen.outputs import JOURNAL, LOCK, TEMP_MARK, build_id, recover, write_together


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty folder to write into."""
    (tmp_path / "o").mkdir()
    return tmp_path / "o"


def zinegen(*args, **popen) -> subprocess.Popen:
    """zinegen in a process of its own (so that it can be killed)."""
    command = [sys.executable, "-m", "zinegen", *map(str, args)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)


def assert_whole_pairs(out: Path) -> int:
    """Every reading PDF has its print PDF, both readable, from the same build; no temporary
    file or journal is left. Returns the number of pairs."""
    leftovers = [p.name for p in out.rglob("*") if TEMP_MARK in p.name or p.name == JOURNAL]
    assert not leftovers
    pairs = 0
    for reading in out.glob("*/*.pdf"):
        if reading.name.endswith("-print.pdf"):
            continue
        printed = reading.with_name(reading.stem + "-print.pdf")
        assert printed.is_file(), f"{reading.name} has no print PDF"
        assert len(PdfReader(reading).pages) and len(PdfReader(printed).pages)
        assert build_id(reading) is not None
        assert build_id(reading) == build_id(printed), f"{reading.name}: two builds"
        pairs += 1
    return pairs


def test_both_pdfs_carry_the_id_of_what_they_are_made_from(minimal_kit, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 0
    first = build_id(out / "en" / "booklet.pdf")
    assert first and first == build_id(out / "en" / "booklet-print.pdf")
    same = (out / "en" / "booklet.pdf").read_bytes()
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 0
    assert (out / "en" / "booklet.pdf").read_bytes() == same  # the same kit, the same PDF
    (minimal_kit / "content" / "en" / "hello.md").write_text(HELLO_SECTION + "More.\n")
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 0
    assert build_id(out / "en" / "booklet.pdf") not in (None, first)
    assert assert_whole_pairs(out) == 1


def test_a_changed_picture_changes_the_id(make_kit, tmp_path):
    from PIL import Image

    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION + "\n![A dot](dot.png)\n",
        }
    )
    ids = []
    for colour in ("red", "blue"):
        Image.new("RGB", (8, 8), colour).save(kit / "content" / "en" / "dot.png")
        assert run("build", "--kit", kit, "--out", tmp_path / "out").exit_code == 0
        ids.append(build_id(tmp_path / "out" / "en" / "booklet-print.pdf"))
    assert ids[0] != ids[1]


def _mismatched_booklet(kit: Path, out: Path) -> Path:
    """Build the kit's booklet twice, changing a section between, and put the first print
    PDF beside the second reading PDF."""
    assert run("build", "--kit", kit, "--out", out).exit_code == 0
    old = (out / "en" / "booklet-print.pdf").read_bytes()
    (kit / "content" / "en" / "hello.md").write_text(HELLO_SECTION + "More.\n")
    assert run("build", "--kit", kit, "--out", out).exit_code == 0
    (out / "en" / "booklet-print.pdf").write_bytes(old)
    return out


def test_a_pair_from_two_builds_is_pointed_out(minimal_kit, tmp_path):
    out = _mismatched_booklet(minimal_kit, tmp_path / "out")  # a print PDF from a USB stick
    (out / "en" / "booklet.pdf").rename(out / "en" / "guide.pdf")
    (out / "en" / "booklet-print.pdf").rename(out / "en" / "guide-print.pdf")
    result = run("build", "--kit", minimal_kit, "--out", out)
    assert result.exit_code == 0
    said = " ".join(result.output.split())
    assert "guide.pdf and guide-print.pdf were made by different builds." in said
    assert "build that product again before printing either." in said
    assert "booklet.pdf and" not in said  # the pair just built matches


def test_a_pair_of_the_kit_made_by_two_builds_is_rebuilt(minimal_kit, tmp_path):
    out = _mismatched_booklet(minimal_kit, tmp_path / "out")  # as a kill between moves leaves it
    result = run("build", "--kit", minimal_kit, "--out", out, "--paper", "a4")
    assert result.exception is None, result.output
    said = " ".join(result.output.split())
    assert "rebuilding booklet (en, letter)" in said
    assert "came from different builds" in said
    reading, printed = out / "en" / "booklet.pdf", out / "en" / "booklet-print.pdf"
    assert build_id(reading) == build_id(printed)
    assert any("More." in page.extract_text() for page in PdfReader(printed).pages)


def test_a_failed_move_puts_back_the_files_it_replaced(folder):
    reading, printed = folder / "a.pdf", folder / "a-print.pdf"
    reading.write_bytes(b"old reading")
    printed.mkdir()  # the print PDF's move fails, after the reading PDF's succeeded
    with pytest.raises(ZinegenError, match=r"cannot replace .*a-print\.pdf"):
        write_together({reading: b"new reading", printed: b"new print"})
    assert reading.read_bytes() == b"old reading"
    assert sorted(p.name for p in folder.iterdir()) == ["a-print.pdf", "a.pdf"]


def test_a_new_pair_where_there_was_none_is_removed_when_its_move_fails(folder):
    (folder / "b-print.pdf").mkdir()
    with pytest.raises(ZinegenError, match="cannot replace"):
        write_together({folder / "b.pdf": b"new", folder / "b-print.pdf": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == ["b-print.pdf"]


def test_what_a_killed_build_left_is_finished_by_the_next(minimal_kit, tmp_path):
    """A journal naming whole temporary files (killed between its two moves) is completed;
    stray temporary files (killed while writing them) are removed."""
    out = tmp_path / "out"
    folder = out / "en"
    folder.mkdir(parents=True)
    (folder / "zine.pdf").write_bytes(b"new reading")  # moved before the kill
    (folder / "zine-print.pdf").write_bytes(b"old print")
    waiting = folder / f".zine-print.pdf{TEMP_MARK}x1"
    waiting.write_bytes(b"new print")
    previous = folder / f".zine.pdf{TEMP_MARK}previous-1"
    previous.write_bytes(b"old reading")
    (folder / JOURNAL).write_text(
        '{"undo": false, "moves": ['
        f'["{folder / "zine.pdf"}", "{folder / ".zine.pdf.zinegen-gone"}", "{previous}"], '
        f'["{folder / "zine-print.pdf"}", "{waiting}", null]]}}'
    )
    half_written = folder / f".booklet.pdf{TEMP_MARK}x2"
    half_written.write_bytes(b"%PDF-1.7 cut off")
    assert run("build", "--kit", minimal_kit, "--out", out).exit_code == 0
    assert (folder / "zine.pdf").read_bytes() == b"new reading"
    assert (folder / "zine-print.pdf").read_bytes() == b"new print"
    assert sorted(p.name for p in folder.iterdir()) == [
        "booklet-print.pdf",
        "booklet-print.txt",
        "booklet.pdf",
        "zine-print.pdf",
        "zine.pdf",
    ]


def test_an_undo_cut_short_is_finished_as_an_undo(folder):
    (folder / "c.pdf").write_bytes(b"new reading")  # moved, then the undo was killed
    previous = folder / f".c.pdf{TEMP_MARK}previous-2"
    previous.write_bytes(b"old reading")
    (folder / JOURNAL).write_text(
        '{"undo": true, "moves": ['
        f'["{folder / "c.pdf"}", "{folder / ".c.pdf.zinegen-gone"}", "{previous}"]]}}'
    )
    recover(folder)
    assert (folder / "c.pdf").read_bytes() == b"old reading"
    assert [p.name for p in folder.iterdir()] == ["c.pdf"]


def test_a_broken_journal_means_no_move_had_started(folder):
    (folder / "d.pdf").write_bytes(b"old")
    (folder / JOURNAL).write_text('{"undo": fal')
    (folder / f".d.pdf{TEMP_MARK}x3").write_bytes(b"new")
    recover(folder)
    assert [p.name for p in folder.iterdir()] == ["d.pdf"]
    assert (folder / "d.pdf").read_bytes() == b"old"


KILL_BETWEEN_MOVES = """
import os, signal, sys
from pathlib import Path
from zinegen import outputs
moves = []
real = os.replace
def replace(src, dst):
    real(src, dst)
    if str(dst).endswith(".pdf"):
        moves.append(dst)
    if len(moves) == 1:
        os.kill(os.getpid(), signal.{signal})
outputs.os.replace = replace
folder = Path(sys.argv[1])
outputs.write_together({{folder / "e.pdf": b"new reading", folder / "e-print.pdf": b"new print"}})
print("finished")
"""


def test_sigkill_between_the_two_moves_is_finished_by_the_next_run(folder):
    (folder / "e.pdf").write_bytes(b"old reading")
    (folder / "e-print.pdf").write_bytes(b"old print")
    child = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_MOVES.format(signal="SIGKILL"), folder],
        capture_output=True,
        text=True,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert (folder / JOURNAL).is_file()  # what was under way is written down
    recover(folder)
    assert (folder / "e.pdf").read_bytes() == b"new reading"
    assert (folder / "e-print.pdf").read_bytes() == b"new print"
    assert sorted(p.name for p in folder.iterdir()) == ["e-print.pdf", "e.pdf"]


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_sigterm_and_ctrl_c_wait_for_the_second_move(folder, name):
    (folder / "e.pdf").write_bytes(b"old reading")
    child = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_MOVES.format(signal=name), folder],
        capture_output=True,
        text=True,
    )
    assert child.returncode != 0 and "finished" not in child.stdout  # the signal took effect
    assert (folder / "e.pdf").read_bytes() == b"new reading"
    assert (folder / "e-print.pdf").read_bytes() == b"new print"  # ... after both moves
    assert sorted(p.name for p in folder.iterdir()) == ["e-print.pdf", "e.pdf"]


def test_a_second_build_waits_for_the_first_and_says_so(minimal_kit, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with (out / LOCK).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a build that is writing would
        held.write("zinegen (process 4242)")
        held.flush()
        second = zinegen("build", "--kit", minimal_kit, "--out", out)
        said = b""
        deadline = time.monotonic() + 60
        while b"waiting" not in said and time.monotonic() < deadline:
            said += second.stdout.readline()
        assert b"waiting: zinegen (process 4242) is writing" in said
        assert not (out / "en" / "booklet.pdf").exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    assert second.wait(timeout=60) == 0
    assert assert_whole_pairs(out) == 1


@pytest.mark.slow
def test_builds_racing_into_one_folder_leave_whole_pairs(make_kit, tmp_path):
    kit = make_kit(
        {
            "zine.toml": textwrap.dedent("""\
                name = "Race"
                languages = ["en"]
                [organization]
                name = "Race Outreach"
                contact = "Hotline 555-0100"
                [products.one]
                layout = "booklet"
                title = "One"
                sections = ["hello"]
                back_cover = ""
                [products.two]
                layout = "booklet"
                title = "Two"
                sections = ["hello"]
                back_cover = ""
                """),
            "content/en/hello.md": "---\nid: hello\ntitle: Hello\n---\nWords.\n",
        }
    )
    out = tmp_path / "out"
    builds = [zinegen("build", "--kit", kit, "--out", out, "-q") for _ in range(4)]
    assert [build.wait(timeout=300) for build in builds] == [0, 0, 0, 0]
    assert assert_whole_pairs(out) == 2


# zinegen with every step of its writing slowed down (a pause before each file written and
# each move), so that kills at random moments often land in the middle of the writing.
SLOW_WRITES = """
import os, sys, time
from zinegen import outputs
def slowly(step):
    def slowed(*args):
        time.sleep(0.05)
        return step(*args)
    return slowed
outputs._write_temp = slowly(outputs._write_temp)
outputs._keep_previous = slowly(outputs._keep_previous)
os.replace = slowly(os.replace)
from zinegen.cli import cli
cli(sys.argv[1:])
"""


@pytest.mark.slow
def test_sigkill_at_random_moments_of_50_builds_never_breaks_a_pair(minimal_kit, tmp_path):
    """Kill 50 builds outright at random moments, crowded towards the end of a build where
    the PDFs are written (slowed down here so that the kills land inside it): after each
    kill, what the next build does first leaves every pair whole and matching."""
    out = tmp_path / "out"

    def slow_build() -> subprocess.Popen:
        args = ("build", "--kit", minimal_kit, "--out", out, "-q")
        command = [sys.executable, "-c", SLOW_WRITES, *map(str, args)]
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    started = time.monotonic()
    assert slow_build().wait(timeout=120) == 0
    whole_build = time.monotonic() - started
    rng = random.Random(11)
    outcomes = {"killed": 0, "finished": 0, "killed while writing": 0}
    for _ in range(50):
        (out / MANIFEST).unlink(missing_ok=True)  # not up to date: every build writes
        build = slow_build()
        time.sleep(whole_build * rng.choice([rng.uniform(0, 1), rng.uniform(0.6, 1.05)]))
        build.send_signal(signal.SIGKILL)
        code = build.wait(timeout=120)
        outcomes["killed" if code == -signal.SIGKILL else "finished"] += 1
        outcomes["killed while writing"] += any(TEMP_MARK in p.name for p in out.rglob("*"))
        for folder in (out, *(p for p in out.iterdir() if p.is_dir())):
            recover(folder)  # as the next build does before it writes
        assert assert_whole_pairs(out) == 1
    assert outcomes["killed"] >= 25, outcomes  # most builds died before they were done
    assert outcomes["killed while writing"] >= 1, outcomes  # and some in the middle of it
