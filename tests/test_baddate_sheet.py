"""The bad date sheet: exactly the reports current on the edition's day, newest first,
dated on every page, never a report split, nothing of a reporter anywhere in the output."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from io import BytesIO
from pathlib import Path

import pytest
from conftest import run
from pypdf import PdfReader

EDITION = "2026-11-26"

TOML = """\
name = "Colectivo Mariposa"
languages = ["en", "es"]

[organization]
name = "Colectivo Mariposa de Trabajadoras Sexuales Trans y Migrantes"
phone = "(312) 555-0142"
text = "(312) 555-0143"

[baddates]
keep_days = 90
edition_days = 7
report_url = "https://mariposa.example.org/reportar"

[products.bad-date-sheet]
"""

# (date, warning, extra fields): twelve reports, three of them not current on EDITION.
REPORTS = [
    ("2026-11-24", "Pays with a fake payment screenshot", {"area": "Escort ad site"}),
    ("2026-11-22", "Takes the money back by force", {"vehicle": "Silver Honda Civic, 7KX"}),
    ("2026-11-20", "Removes the condom without asking", {"contact": "555-0165"}),
    ("2026-11-18", "Poses as police", {"vehicle": "Black Ford Explorer"}),
    ("2026-11-15", "Follows workers home", {"description": "Red cap, hoodie"}),
    ("2026-11-10", "Threatens after a declined booking", {"contact": "@cityboy_rb"}),
    ("2026-10-30", "Violent when drunk", {"area": "Route 9 truck stop"}),
    ("2026-10-12", "Locks the car doors", {"vehicle": "Grey Toyota Camry"}),
    ("2026-09-05", "Steals phones", {"area": "Lakeview Motel"}),
    ("2026-07-01", "Expired by keep_days", {}),
    ("2026-10-01", "Expired by its own date", {"expires": "2026-10-31"}),
    ("2026-12-03", "Dated after the edition", {}),
]
CURRENT = [warning for date, warning, _ in REPORTS[:9]]  # already newest first


def reports_yaml(reports=REPORTS) -> str:
    lines = []
    for date, warning, extra in reports:
        lines.append(f"- date: {date}\n  warning: {warning}")
        lines += [f'  {key}: "{value}"' for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def write_kit(root: Path, reports_text: str, toml: str = TOML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "zine.toml").write_text(toml, encoding="utf-8")
    (root / "baddates.yaml").write_text(reports_text, encoding="utf-8")
    return root


def sheet(out: Path, as_of: str = EDITION, lang: str = "en", end: str = ".pdf") -> Path:
    """A sheet's file: an edition of a day other than today is named for it."""
    dated = "" if as_of == dt.date.today().isoformat() else f"-{as_of}"
    return out / lang / f"bad-date-sheet{dated}{end}"


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, its lines joined by spaces (a headline may wrap), without the
    zero-width spaces where addresses may break."""
    pages = PdfReader(pdf).pages
    return [" ".join(page.extract_text().replace("\u200b", "").split()) for page in pages]


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The kit's sheet built for EDITION, in English and Spanish: (kit, out, output)."""
    base = tmp_path_factory.mktemp("sheet")
    kit = write_kit(base / "kit", reports_yaml())
    out = base / "out"
    result = run(
        "build", "bad-date-sheet", "--kit", kit, "--out", out, "--as-of", EDITION, "--lang", "all"
    )
    assert result.exit_code == 0, result.output
    return kit, out, result.output


def test_prints_exactly_the_current_reports_newest_first(edition):
    _, out, output = edition
    text = "\n".join(page_texts(sheet(out)))
    printed = [w for _, w, _ in REPORTS if w in text]
    assert printed == CURRENT  # none of the three others
    positions = [text.index(w) for w in CURRENT]
    assert positions == sorted(positions), "newest first"
    assert "edition 2026-11-26, valid until 2026-12-03: 9 current reports (left out: 2 " in (output)
    assert "1 dated after 2026-11-26)" in output


def test_every_page_says_its_edition_and_how_long_it_is_valid(edition):
    _, out, _ = edition
    for lang, line in (
        ("en", "Edition of November 26, 2026 · valid until December 3, 2026"),
        ("es", "Edición del 26 de noviembre de 2026 · válida hasta el 3 de diciembre de 2026"),
    ):
        texts = page_texts(sheet(out, lang=lang))
        assert 1 <= len(texts) <= 2
        for text in texts:
            assert line in " ".join(text.split()), (lang, text[:200])


def test_spanish_sheet_prints_its_own_words(edition):
    _, out, _ = edition
    text = "\n".join(page_texts(sheet(out, lang="es")))
    for words in ("Hoja de malas citas", "Reporta una mala cita", "Vehículo:", "Número o usuario:"):
        assert words in text
    assert "Vehicle:" not in text


def test_vehicle_and_contact_print_under_their_labels(edition):
    _, out, _ = edition
    text = " ".join("\n".join(page_texts(sheet(out))).split())
    assert "Vehicle: Silver Honda Civic, 7KX" in text
    assert "Number or handle: @cityboy_rb" in text
    # the report form's address, beside its QR code (it may break after the '/')
    assert "mariposa.example.org/reportar" in text.replace("/ ", "/")


def test_no_report_is_split_across_pages_or_columns(edition):
    from zinegen.kit import load_kit
    from zinegen.pipeline import BuildRequest, check_target, plan
    from zinegen.preflight import split_elements
    from zinegen.render import render

    kit_dir, out, _ = edition
    kit = load_kit(kit_dir)
    request = BuildRequest(
        kit_dir=kit_dir, products=("bad-date-sheet",), out=out, as_of=dt.date(2026, 11, 26)
    )
    (target,) = plan(kit, request)
    checked = check_target(target)
    assert not checked.overflows and not checked.problems
    # the same check on a layout that must split: a block taller than a page
    html = (
        '<html><body><div class="whole" id="report-1" style="break-inside: avoid">'
        + "<p>line</p>" * 200
        + '</div><div class="whole" id="report-2"><p>short</p></div></body></html>'
    )
    document = render(html, kit.root, kit.allowed_roots, kit.config_file, frozenset()).document
    assert split_elements(document, "whole") == ["report-1"]


def test_an_earlier_edition_is_named_for_its_day_and_reproducible(tmp_path):
    kit = write_kit(tmp_path / "kit", reports_yaml())
    firsts = []
    for folder in ("one", "two"):
        out = tmp_path / folder
        result = run("build", "bad-date-sheet", "--kit", kit, "--out", out, "--as-of", "2026-10-15")
        assert result.exit_code == 0, result.output
        firsts.append((sheet(out, "2026-10-15")).read_bytes())
        assert not (out / "en" / "bad-date-sheet.pdf").exists()  # today's is another file
    assert firsts[0] == firsts[1]
    text = "\n".join(page_texts(sheet(tmp_path / "one", "2026-10-15")))
    # on 2026-10-15: dated on or before it, and not yet expired
    # (the report of 2026-07-01 expired on 2026-09-29, 90 days after its date)
    expected = ["Locks the car doors", "Expired by its own date", "Steals phones"]
    assert [w for _, w, _ in sorted(REPORTS, reverse=True) if w in text] == expected


def test_an_empty_sheet_still_builds_and_says_so(tmp_path):
    kit = write_kit(tmp_path / "kit", reports_yaml())
    out = tmp_path / "out"
    result = run("build", "bad-date-sheet", "--kit", kit, "--out", out, "--as-of", "2030-01-01")
    assert result.exit_code == 0, result.output
    assert "no current reports (left out: 12 expired)" in result.output
    (text,) = page_texts(sheet(out, "2030-01-01"))
    assert "No reports are current in this edition." in text
    ticket = (sheet(out, "2030-01-01", end="-print.txt")).read_text()
    assert "one side only" in ticket


def test_a_two_page_sheet_prints_on_both_sides(edition):
    _, out, _ = edition
    pages = len(PdfReader(sheet(out)).pages)
    printed = PdfReader(sheet(out, end="-print.pdf"))
    assert len(printed.pages) == pages
    ticket = (sheet(out, end="-print.txt")).read_text()
    assert ("flip on the long edge" in ticket) == (pages == 2)


def test_too_many_reports_for_two_sides_names_those_that_run_over(tmp_path):
    long_story = "He said one thing and did another, every time, for an hour. " * 10
    many = [
        (f"2026-11-{day:02d}", f"Report of day {day}", {"what_happened": long_story[:690]})
        for day in range(1, 26)
    ]
    kit = write_kit(tmp_path / "kit", reports_yaml(many))
    out = tmp_path / "out"
    result = run("build", "bad-date-sheet", "--kit", kit, "--out", out, "--as-of", EDITION)
    assert result.exit_code == 1
    assert "it has 2 pages" in result.output and "at the smallest body size, 10 pt" in result.output
    assert re.search(r"On the pages past that: report \d+", result.output)
    assert not (out / "en").exists() or not list((out / "en").glob("*.pdf"))
    result = run(
        "build", "bad-date-sheet", "--kit", kit, "--out", out, "--as-of", EDITION,
        "--allow-overflow",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(PdfReader(sheet(out)).pages) > 2


PLANTED = "+1 312 555 0123 Maria Q"


@pytest.mark.parametrize("field", ["reporter", "reporter_phone", "reporter_name", "source"])
def test_a_reporter_field_is_refused_by_name_and_its_value_goes_nowhere(tmp_path, field):
    text = reports_yaml(REPORTS[:3]) + f'- date: 2026-11-25\n  warning: W\n  {field}: "{PLANTED}"\n'
    kit = write_kit(tmp_path / "kit", text)
    out = tmp_path / "out"
    result = run("build", "--kit", kit, "--out", out, "--as-of", EDITION)
    assert result.exit_code == 2
    line = text.splitlines().index(f'  {field}: "{PLANTED}"') + 1
    assert f"baddates.yaml:{line}: report 4, field '{field}'" in result.output
    assert PLANTED not in result.output
    assert "Traceback" not in result.output
    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not any(PLANTED.encode() in p.read_bytes() for p in written)
    assert not list(out.rglob("*.pdf")) if out.exists() else True


def test_the_sheet_carries_nothing_but_the_printed_fields(edition):
    """The PDFs' text, metadata and decompressed streams hold no word of the reports that
    did not print, no file name of the kit and no path."""
    kit, out, _ = edition
    for pdf in (out / "en").glob("*.pdf"):
        reader = PdfReader(BytesIO(pdf.read_bytes()))
        every = [page.extract_text() for page in reader.pages]
        every += [str(value) for value in (reader.metadata or {}).values()]
        every += [page.get_contents().get_data().decode("latin-1") for page in reader.pages]
        every.append(pdf.read_bytes().decode("latin-1"))
        blob = "\n".join(every)
        for hidden in ("Expired by keep_days", "Expired by its own date", "Dated after"):
            assert hidden not in blob
        for name in ("baddates.yaml", str(kit), "zine.toml"):
            assert name not in blob


def test_a_phone_number_in_what_happened_is_warned_about_without_repeating_it(tmp_path):
    text = reports_yaml(REPORTS[:2]) + textwrap.dedent(
        """\
        - date: 2026-11-25
          warning: Grabs the worker's arm
          what_happened: He grabbed my arm. Call me back on 312-555-0199, it's Jo.
        """
    )
    kit = write_kit(tmp_path / "kit", text)
    result = run("check", "bad-date-sheet", "--kit", kit, "--as-of", EDITION)
    assert "report 3, field 'what_happened': there is a phone number in it." in result.output
    assert f"baddates.yaml:{len(text.splitlines())}:" in result.output
    assert "312-555-0199" not in result.output


def test_a_new_report_rebuilds_the_sheet_and_nothing_else_changes_it(tmp_path):
    kit = write_kit(tmp_path / "kit", reports_yaml(REPORTS[:3]), TOML + "[products.card]\n")
    out = tmp_path / "out"
    args = ("build", "bad-date-sheet", "card", "--kit", kit, "--out", out, "--as-of", EDITION)
    assert run(*args).exit_code == 0
    again = run(*args)
    assert "up to date: bad-date-sheet" in again.output and "up to date: card" in again.output
    assert "3 current reports" in again.output  # said again, from the last build
    with (kit / "baddates.yaml").open("a", encoding="utf-8") as reports:
        reports.write("- date: 2026-11-25\n  warning: Newly reported\n")
    rebuilt = run(*args)
    assert "up to date: bad-date-sheet" not in rebuilt.output
    assert "4 current reports" in rebuilt.output
    assert "up to date: card" in rebuilt.output  # the card prints no reports
    assert "Newly reported" in page_texts(sheet(out))[0]
    other_day = run("build", "card", "--kit", kit, "--out", out, "--as-of", "2026-10-01")
    assert "up to date: card" in other_day.output  # nor is it dated


def test_the_gallery_shows_only_what_the_sheet_prints(tmp_path):
    text = reports_yaml() + textwrap.dedent(
        """\
        - date: 2026-11-25
          warning: Grabs the worker's arm
          what_happened: Grabbed my arm. My number is 312-555-0199.
        """
    )
    kit = write_kit(tmp_path / "kit", text)
    out = tmp_path / "out"
    result = run(
        "build", "bad-date-sheet", "--kit", kit, "--out", out, "--as-of", EDITION, "--gallery"
    )
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    for hidden in ("Expired by keep_days", "Dated after the edition", "312-555-0199"):
        assert hidden not in page


def test_prune_takes_out_expired_reports_and_keeps_every_other_line(tmp_path):
    text = (
        "# Our reports. Never record who reported.\n\n"
        + reports_yaml(REPORTS[7:11])  # 10-12, 09-05, 07-01 (expired), 10-01 (expired)
        + "\n# This one was mistyped into December on purpose.\n"
        + reports_yaml(REPORTS[11:])
    )
    kit = write_kit(tmp_path / "kit", text)
    result = run("baddates", "prune", "--kit", kit, "--as-of", EDITION)
    assert result.exit_code == 0, result.output
    assert "took 2 expired reports out of" in result.output and "3 remain." in result.output
    kept = (kit / "baddates.yaml").read_text()
    removed = [line for line in text.splitlines() if line not in kept.splitlines()]
    assert removed == [
        "- date: 2026-07-01",
        "  warning: Expired by keep_days",
        "- date: 2026-10-01",
        "  warning: Expired by its own date",
        '  expires: "2026-10-31"',
    ]
    assert "# This one was mistyped into December on purpose." in kept
    again = run("baddates", "prune", "--kit", kit, "--as-of", EDITION)
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert (kit / "baddates.yaml").read_text() == kept


def test_prune_a_spreadsheet_keeps_its_header_and_other_rows(tmp_path):
    kit = write_kit(tmp_path / "kit", "")
    (kit / "baddates.yaml").unlink()
    rows = [
        "date,warning,area",
        "2026-11-20,Current one,Mill Lane",
        '2026-07-01,"Old, expired",Riverside',
        "2026-11-21,Another current one,",
    ]
    (kit / "baddates.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("baddates", "prune", "--kit", kit, "--as-of", EDITION)
    assert result.exit_code == 0, result.output
    assert (kit / "baddates.csv").read_text().splitlines() == rows[:2] + rows[3:]


def test_prune_takes_a_report_whole_and_refuses_what_it_cannot_split(tmp_path):
    kit = write_kit(
        tmp_path / "kit",
        "- date: 2026-01-01\n  warning: Old\n  what_happened: |\n    Hit the worker.\n"
        "    # Jo told us, call 312-555-0199\n\n# About the next one\n"
        "- date: 2026-11-20\n  warning: Current\n",
    )
    assert run("baddates", "prune", "--kit", kit, "--as-of", EDITION).exit_code == 0
    assert (kit / "baddates.yaml").read_text() == (
        "\n# About the next one\n- date: 2026-11-20\n  warning: Current\n"
    )
    (kit / "baddates.yaml").write_text(
        "[{date: 2026-01-01, warning: Old}, {date: 2026-11-20, warning: Current}]\n"
    )
    shared = run("baddates", "prune", "--kit", kit, "--as-of", EDITION)
    assert shared.exit_code == 2 and "share a line" in shared.output
    assert "Current" in (kit / "baddates.yaml").read_text()
    later = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    future = run("baddates", "prune", "--kit", kit, "--as-of", later)
    assert future.exit_code == 2 and "is after today" in future.output


def test_words_where_a_field_name_goes_are_refused_without_being_repeated(tmp_path):
    note = "Maria Lopez told us on 555-0199"
    kit = write_kit(tmp_path / "kit", f"- date: 2026-11-20\n  warning: W\n  {note}: he was drunk\n")
    result = run("check", "bad-date-sheet", "--kit", kit, "--as-of", EDITION)
    assert result.exit_code == 2
    assert "baddates.yaml:3: report 1: what is written where a field's name goes" in result.output
    assert "Maria" not in result.output and "555-0199" not in result.output


def test_no_text_runs_under_the_report_forms_qr_code(edition):
    """The how-to-report box: its words beside the code, never under it (a float inside
    a flex box once let them run under it)."""
    from weasyprint.formatting_structure.boxes import TextBox

    from zinegen.kit import load_kit
    from zinegen.pipeline import BuildRequest, compose_target, load_target_sections, plan
    from zinegen.render import render

    kit_dir, out, _ = edition
    kit = load_kit(kit_dir)
    for lang in ("en", "es"):
        request = BuildRequest(kit_dir=kit_dir, products=("bad-date-sheet",), lang=lang, out=out)
        (target,) = plan(kit, request)
        sections, back = load_target_sections(target)
        html = compose_target(target, sections, back)
        document = render(html, kit.root, kit.allowed_roots, kit.config_file).document
        last = document.pages[-1]._page_box
        boxes = list(last.descendants())
        qr = next(
            b for b in boxes if "report-qr" in ((b.element_tag and b.element.get("class")) or "")
        )
        left, top = qr.border_box_x(), qr.border_box_y()
        right, bottom = left + qr.border_width(), top + qr.border_height()
        words = [b for b in boxes if isinstance(b, TextBox) and b.text.strip()]
        assert words
        for word in words:
            x, y = word.position_x, word.position_y
            inside_x = x < right and x + word.width > left
            inside_y = y < bottom and y + word.height > top
            assert not (inside_x and inside_y), (lang, word.text)
