"""The report form: a one-page PDF form with a bad date report's fields, built for the
built-in kit and a kit with long names, filled in with pypdf and read back into a kit's
baddates.yaml (or .csv) by `zinegen baddates import`."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import run
from pdfua import problems
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from zinegen.forms import MAX_FORM_BYTES
from zinegen.kit import builtin_dir
from zinegen.kit.baddates import FIELDS, load_reports
from zinegen.pipeline import BuildRequest, build

FORM_FIELDS = {key for key in FIELDS if key != "expires"}  # the last day is the kit's to set
MULTILINE = 1 << 12  # Ff bit 13: a text field of several lines
LONG_NAME = "Colectivo Mariposa de Trabajadoras Sexuales Trans y Migrantes de la Frontera"
LONG_KIT_TOML = f"""\
name = "Long names"
languages = ["en", "es"]

[organization]
name = "{LONG_NAME}"
phone = "+52 (664) 555-0142 ext. 204"
text = "+52 (664) 555-0143"

[baddates]
keep_days = 120
report_url = "https://colectivo-mariposa-frontera.example.org/reportar-una-mala-cita"

[products.report-form.title]
en = "Report a bad date to the Colectivo Mariposa outreach team"
es = "Reporta una mala cita al equipo de calle del Colectivo Mariposa"
"""
KIT_TOML = """\
name = "Test kit"
languages = ["en"]

[organization]
name = "Test Outreach"
phone = "555-0100"

[products.report-form]
"""
ONE_REPORT = """\
- date: 2026-10-02
  warning: Refuses to pay
  area: Northside
"""
REPORTER_PHONE = "+1 312 555 0123"


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[tuple[str, str, str], tuple[Path, Path]]:
    """{(kit, lang, paper): (reading PDF, print PDF)} for the built-in kit and the kit
    with long names, in English and Spanish, on letter and A4."""
    long_kit = tmp_path_factory.mktemp("long") / "kit"
    long_kit.mkdir()
    (long_kit / "zine.toml").write_text(LONG_KIT_TOML, encoding="utf-8")
    built = {}
    for name, kit in (("builtin", builtin_dir()), ("long", long_kit)):
        for paper in ("letter", "a4"):
            out = tmp_path_factory.mktemp(f"{name}-{paper}")
            request = BuildRequest(
                kit_dir=kit, products=("report-form",), lang="all", paper=paper, out=out
            )
            for result in build(request):
                target = result.target
                built[name, target.lang, paper] = (target.reading_pdf, target.print_pdf)
    return built


CASES = [
    (kit, lang, paper)
    for kit in ("builtin", "long")
    for lang in ("en", "es")
    for paper in ("letter", "a4")
]


@pytest.mark.parametrize("case", CASES, ids="-".join)
def test_the_form_is_one_page_with_a_reports_fields(forms, case):
    reading, _ = forms[case]
    reader = PdfReader(reading)
    assert len(reader.pages) == 1
    fields = reader.get_fields()
    assert set(fields) == FORM_FIELDS
    assert {str(field["/FT"]) for field in fields.values()} == {"/Tx"}
    assert int(fields["what_happened"].get("/Ff", 0)) & MULTILINE
    assert int(fields["description"].get("/Ff", 0)) & MULTILINE
    assert not int(fields["date"].get("/Ff", 0)) & MULTILINE
    # a screen reader names each field by its printed label
    label = {"en": "Date it happened", "es": "Fecha en que pasó"}[case[1]]
    assert str(fields["date"]["/TU"]).startswith(label)
    assert problems(reading) == []  # the PDF/UA-1 rules a machine can check


@pytest.mark.parametrize("case", CASES, ids="-".join)
def test_the_form_says_what_happens_to_a_report(forms, case):
    kit, lang, _ = case
    text = " ".join(PdfReader(forms[case][0]).pages[0].extract_text().split())
    days = {"builtin": 90, "long": 120}[kit]
    assert f"{days} {'days' if lang == 'en' else 'días'}" in text
    never = {"en": "Do not write your own name", "es": "No escribas tu nombre"}[lang]
    assert never in text
    if kit == "long":
        assert LONG_NAME in text
        assert "colectivo-mariposa-frontera.example.org" in text  # beside its QR code


def dark_rows(image, box: tuple[int, int, int, int]) -> list[int]:
    """The rows of a region (left, top, right, bottom, in pixels) that are dark across
    nearly all of its width: the horizontal lines drawn there."""
    left, top, right, bottom = box
    pixels = image.load()
    rows = []
    for y in range(top, bottom):
        dark = sum(1 for x in range(left, right) if pixels[x, y] < 160)
        if dark >= 0.9 * (right - left):
            rows.append(y)
    return rows


@pytest.mark.parametrize("case", [c for c in CASES if c[0] == "long"], ids="-".join)
def test_the_print_pdf_keeps_the_boxes_to_write_in(forms, case):
    reading, printed = forms[case]
    assert not PdfReader(printed).get_fields()  # the fields are flattened away
    assert len(PdfReader(printed).pages) == 1  # one side
    scale = 2  # 144 dpi: a 1 pt line covers a whole row of pixels
    image = pdfium.PdfDocument(str(printed))[0].render(scale=scale).to_pil().convert("L")
    height = image.height
    widgets = [a.get_object() for a in PdfReader(reading).pages[0]["/Annots"]]
    fields = [w for w in widgets if w.get("/FT") == "/Tx"]
    assert len(fields) == len(FORM_FIELDS)
    for widget in fields:
        name = widget["/T"]
        x0, y0, x1, y1 = (scale * float(v) for v in widget["/Rect"])  # the field's text area
        left, right = round(min(x0, x1)) + 4, round(max(x0, x1)) - 4
        top, bottom = height - round(max(y0, y1)), height - round(min(y0, y1))
        # a line drawn within 10 pt above the field's text area, one below it, none inside
        assert dark_rows(image, (left, top - 20, right, top)), f"{case} {name}: no top line"
        assert dark_rows(image, (left, bottom, right, bottom + 20)), f"{case} {name}: no bottom"
        assert not dark_rows(image, (left, top + 4, right, bottom - 4)), f"{case} {name}"
    # what happened has room to write in: at least 7 cm tall
    (what_happened,) = [w for w in fields if w["/T"] == "what_happened"]
    rect = [float(v) for v in what_happened["/Rect"]]
    assert abs(rect[3] - rect[1]) > 70 / 25.4 * 72


# --- zinegen baddates import --------------------------------------------------------------


@pytest.fixture
def kit(make_kit) -> Path:
    return make_kit({"zine.toml": KIT_TOML, "baddates.yaml": ONE_REPORT})


@pytest.fixture(scope="module")
def blank_form(forms) -> Path:
    return forms["builtin", "en", "letter"][0]


def filled(blank: Path, folder: Path, values: dict[str, str], name: str = "form.pdf") -> Path:
    """The blank form filled in with pypdf, as a PDF viewer would."""
    writer = PdfWriter(clone_from=blank)
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    path = folder / name
    writer.write(path)
    return path


REPORT = {
    "date": "2026/11/03",
    "warning": "Takes the money back by force",
    "area": "Eastside, near the rail yard",
    "vehicle": "Grey pickup, plate starts 7KX",
    "contact": "@quickdate77",
    "what_happened": "Paid, then grabbed the money back\nand drove off.",
}


def test_a_filled_form_is_added_to_baddates_yaml(kit, blank_form, tmp_path):
    form = filled(blank_form, tmp_path, REPORT, name="maria-lopez-report.pdf")
    result = run("baddates", "import", form, "--kit", kit)
    assert result.exit_code == 0, result.output
    assert "added 1 report to" in result.output and "(report 2)" in result.output
    reports, text = load_reports(kit / "baddates.yaml")
    assert len(reports) == 2
    new = reports[1]
    assert str(new.date) == "2026-11-03"
    assert new.warning == REPORT["warning"]
    assert new.vehicle == REPORT["vehicle"]
    assert new.contact == REPORT["contact"]
    assert new.what_happened == "Paid, then grabbed the money back and drove off."
    assert text.startswith(ONE_REPORT)  # what was there stays as it was
    assert "maria" not in text.lower()  # never the form's file name


def test_a_form_imported_twice_is_refused_and_nothing_is_written(kit, blank_form, tmp_path):
    form = filled(blank_form, tmp_path, REPORT)
    assert run("baddates", "import", form, "--kit", kit).exit_code == 0
    before = (kit / "baddates.yaml").read_bytes()
    result = run("baddates", "import", form, "--kit", kit)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "form.pdf: is already in baddates.yaml as report 2" in result.output
    assert (kit / "baddates.yaml").read_bytes() == before
    # and the same form twice in one import: neither is added
    result = run("baddates", "import", form, form, "--kit", kit)
    assert result.exit_code == 2
    assert (kit / "baddates.yaml").read_bytes() == before


def test_several_forms_are_added_together_to_a_new_file(make_kit, blank_form, tmp_path):
    kit = make_kit({"zine.toml": KIT_TOML})
    forms = [
        filled(blank_form, tmp_path, {**REPORT, "warning": warning}, name=f"{n}.pdf")
        for n, warning in enumerate(["Takes the money back", "Removes the condom"])
    ]
    result = run("baddates", "import", *forms, "--kit", kit)
    assert result.exit_code == 0, result.output
    assert "added 2 reports to" in result.output and "(reports 1-2)" in result.output
    reports, text = load_reports(kit / "baddates.yaml")
    assert [r.warning for r in reports] == ["Takes the money back", "Removes the condom"]
    assert text.startswith("# Bad date reports")


def form_with_fields(folder: Path, inputs: dict[str, str], name: str = "form.pdf") -> Path:
    """A PDF form made by WeasyPrint with these fields and values, as someone's own form
    would be."""
    fields = "".join(
        f'<input type="text" name="{key}" value="{value}" style="appearance: auto">'
        for key, value in inputs.items()
    )
    path = folder / name
    HTML(string=f"<html lang=en><body>{fields}</body></html>").write_pdf(path)
    return path


def test_a_form_asking_who_reported_is_refused_without_saying_the_value(kit, tmp_path):
    before = (kit / "baddates.yaml").read_bytes()
    form = form_with_fields(
        tmp_path,
        {"date": "2026-11-03", "warning": "Takes the money back", "reporter_phone": REPORTER_PHONE},
    )
    assert PdfReader(form).get_fields()["reporter_phone"]["/V"] == REPORTER_PHONE
    result = run("baddates", "import", form, "--kit", kit)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "form.pdf: field 'reporter_phone' could identify the person who reported" in (
        result.output
    )
    assert "555 0123" not in result.output
    assert (kit / "baddates.yaml").read_bytes() == before


def test_a_form_with_a_field_that_is_not_a_reports_is_refused(kit, tmp_path):
    form = form_with_fields(tmp_path, {"date": "2026-11-03", "warning": "W", "age": "19"})
    result = run("baddates", "import", form, "--kit", kit)
    assert result.exit_code == 2
    assert "field 'age' is not a field of a report" in result.output
    assert "19" not in result.output.replace("2026", "")


def test_an_empty_field_of_an_organizations_own_form_is_left_out(kit, tmp_path):
    form = form_with_fields(tmp_path, {"date": "2026-11-03", "warning": "W", "office_use": ""})
    result = run("baddates", "import", form, "--kit", kit)
    assert result.exit_code == 0, result.output
    assert "office_use" not in (kit / "baddates.yaml").read_text(encoding="utf-8")
    # but an empty field asking who reported refuses the form: the form itself is wrong
    form = form_with_fields(tmp_path, {"date": "2026-11-04", "warning": "W", "reporter": ""})
    assert run("baddates", "import", form, "--kit", kit).exit_code == 2


def test_a_phone_number_in_what_happened_is_added_with_a_warning(kit, blank_form, tmp_path):
    values = {**REPORT, "what_happened": f"He grabbed the money. Call me on {REPORTER_PHONE}."}
    result = run("baddates", "import", filled(blank_form, tmp_path, values), "--kit", kit)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"warning: .*baddates\.yaml:\d+: report 2, field 'what_happened': there is a phone "
        r"number in it",
        result.output,
    )
    assert REPORTER_PHONE not in result.output
    assert len(load_reports(kit / "baddates.yaml")[0]) == 2


@pytest.mark.parametrize(
    ("date", "added"),
    [("2026-11-03", True), ("2026/11/3", True), ("3 Nov 2026", False), ("2026-02-30", False)],
)
def test_dates_are_written_year_month_day(kit, blank_form, tmp_path, date, added):
    result = run(
        "baddates", "import", filled(blank_form, tmp_path, {**REPORT, "date": date}), "--kit", kit
    )
    if added:
        assert result.exit_code == 0, result.output
        assert str(load_reports(kit / "baddates.yaml")[0][-1].date) == "2026-11-03"
    else:
        assert result.exit_code == 2
        assert "form.pdf: field 'date' is not a date written year-month-day" in result.output
        assert len(load_reports(kit / "baddates.yaml")[0]) == 1


def test_a_form_without_a_warning_is_refused(kit, blank_form, tmp_path):
    values = {key: value for key, value in REPORT.items() if key != "warning"}
    result = run("baddates", "import", filled(blank_form, tmp_path, values), "--kit", kit)
    assert result.exit_code == 2
    assert "field 'warning' is empty" in result.output


def test_what_is_not_a_filled_form_is_refused(kit, forms, tmp_path):
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("Notes from Tuesday's outreach", encoding="utf-8")
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as stream:
        stream.truncate(MAX_FORM_BYTES + 1024 * 1024)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(forms["builtin", "en", "letter"][0].read_bytes()[:3000])
    cases = [
        (not_pdf, "notes.pdf: is not a PDF file"),
        (huge, "huge.pdf: the form is 21.0 MB; the limit is 20 MB"),
        (forms["builtin", "en", "letter"][1], "report-form-print.pdf: has no form fields"),
        (tmp_path / "missing.pdf", "missing.pdf: cannot read the file"),
        (damaged, "damaged.pdf: "),
    ]
    before = (kit / "baddates.yaml").read_bytes()
    for path, message in cases:
        result = run("baddates", "import", path, "--kit", kit)
        assert result.exit_code == 2, (path, result.output)
        assert isinstance(result.exception, SystemExit)
        assert message in result.output
        assert len(result.output.strip().splitlines()) <= 2  # the message and its hint
    assert (kit / "baddates.yaml").read_bytes() == before


def test_reports_are_not_added_to_the_built_in_kit(blank_form, tmp_path):
    result = run("baddates", "import", filled(blank_form, tmp_path, REPORT), "--kit", builtin_dir())
    assert result.exit_code == 2
    assert "built-in kit" in result.output
    assert not (builtin_dir() / "baddates.yaml").exists()


def test_a_kit_keeping_csv_gets_rows_in_its_own_columns(make_kit, blank_form, tmp_path):
    header = "warning;date;area;contact;what_happened;vehicle\n"
    kit = make_kit({"zine.toml": KIT_TOML, "baddates.csv": header + "Refuses to pay;2026-10-02\n"})
    result = run("baddates", "import", filled(blank_form, tmp_path, REPORT), "--kit", kit)
    assert result.exit_code == 0, result.output
    lines = (kit / "baddates.csv").read_text(encoding="utf-8").splitlines()
    assert lines[2] == (
        "Takes the money back by force;2026-11-03;Eastside, near the rail yard;'@quickdate77;"
        "Paid, then grabbed the money back and drove off.;Grey pickup, plate starts 7KX"
    )
    assert len(load_reports(kit / "baddates.csv")[0]) == 2


def test_a_csv_without_a_column_the_form_fills_is_refused(make_kit, blank_form, tmp_path):
    kit = make_kit({"zine.toml": KIT_TOML, "baddates.csv": "date,warning\n2026-10-02,Refuses\n"})
    before = (kit / "baddates.csv").read_bytes()
    result = run("baddates", "import", filled(blank_form, tmp_path, REPORT), "--kit", kit)
    assert result.exit_code == 2
    assert "baddates.csv has no column for 'area', 'vehicle', 'contact', 'what_happened'" in (
        result.output
    )
    assert (kit / "baddates.csv").read_bytes() == before


def test_a_file_kept_private_stays_private(kit, blank_form, tmp_path):
    (kit / "baddates.yaml").chmod(0o600)
    assert (
        run("baddates", "import", filled(blank_form, tmp_path, REPORT), "--kit", kit).exit_code == 0
    )
    assert (kit / "baddates.yaml").stat().st_mode & 0o777 == 0o600


def test_a_flowing_layout_other_than_the_forms_still_needs_sections(make_kit):
    kit = make_kit(
        {
            "zine.toml": KIT_TOML.replace(
                "[products.report-form]\n",
                '[products.sheet]\nlayout = "bad-date-sheet"\ntitle = "Sheet"\nsections = []\n',
            )
        }
    )
    result = run("list", "--kit", kit)
    assert result.exit_code == 2
    assert "'products.sheet.sections' is empty." in result.output


@pytest.mark.parametrize(
    "before",
    [
        "[]\n",
        "# Our reports.\n[]\n",
        "  - date: 2026-10-02\n    warning: Refuses to pay\n",
    ],
    ids=["empty-list", "comment-and-empty-list", "indented-list"],
)
def test_forms_are_added_to_a_list_however_it_is_written(make_kit, blank_form, tmp_path, before):
    kit = make_kit({"zine.toml": KIT_TOML, "baddates.yaml": before})
    result = run("baddates", "import", filled(blank_form, tmp_path, REPORT), "--kit", kit)
    assert result.exit_code == 0, result.output
    reports, text = load_reports(kit / "baddates.yaml")
    assert reports[-1].warning == REPORT["warning"]
    assert len(reports) == (2 if "Refuses" in before else 1)
    assert ("# Our reports." in text) == ("#" in before)


def test_a_spreadsheets_byte_order_mark_is_kept(make_kit, blank_form, tmp_path):
    header = "date,warning,area,contact,what_happened,vehicle\n"
    kit = make_kit({"zine.toml": KIT_TOML})
    (kit / "baddates.csv").write_bytes(("\ufeff" + header + "2026-10-02,Refuses to pay\n").encode())
    result = run("baddates", "import", filled(blank_form, tmp_path, REPORT), "--kit", kit)
    assert result.exit_code == 0, result.output
    data = (kit / "baddates.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdate,warning") and data.count(b"\xef\xbb\xbf") == 1
    assert len(load_reports(kit / "baddates.csv")[0]) == 2


def test_a_form_cannot_put_a_formula_into_the_spreadsheet(make_kit, blank_form, tmp_path):
    """Anyone may fill in a form; a coordinator opens baddates.csv in a spreadsheet. A
    value that would run as a formula is written as text (an apostrophe before it), and
    read back as it was given."""
    header = "date,warning,area,vehicle,contact,what_happened\n"
    kit = make_kit({"zine.toml": KIT_TOML, "baddates.csv": header})
    values = dict(REPORT, contact="@quickdate77", area='=HYPERLINK("https://example.org")')
    result = run("baddates", "import", filled(blank_form, tmp_path, values), "--kit", kit)
    assert result.exit_code == 0, result.output
    row = (kit / "baddates.csv").read_text(encoding="utf-8").splitlines()[1]
    assert "'@quickdate77" in row and "'=HYPERLINK" in row
    (report,) = load_reports(kit / "baddates.csv")[0]
    assert report.contact == "@quickdate77"
    assert report.area == '=HYPERLINK("https://example.org")'


def test_a_kit_keeping_both_reports_files_is_told_so_and_nothing_is_written(
    make_kit, blank_form, tmp_path
):
    kit = make_kit(
        {"zine.toml": KIT_TOML, "baddates.yaml": ONE_REPORT, "baddates.csv": "date,warning\n"}
    )
    result = run("baddates", "import", filled(blank_form, tmp_path, REPORT), "--kit", kit)
    assert result.exit_code == 2
    assert "the kit has both baddates.yaml and baddates.csv" in result.output
    assert (kit / "baddates.yaml").read_text() == ONE_REPORT
    pruned = run("baddates", "prune", "--kit", kit)
    assert pruned.exit_code == 2 and "has both" in pruned.output
