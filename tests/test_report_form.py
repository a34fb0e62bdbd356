"""The report form: a one-page PDF form with a bad date report's fields, built for the
built-in kit and a kit with long names, filled in with pypdf and read back into a kit's
baddates.yaml (or .csv) by `zinegen baddates import`."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import run
from pypdf import PdfReader

from zinegen.kit import builtin_dir
from zinegen.kit.baddates import FIELDS
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
