"""Bad date reports as a kit reads them: reporter fields refused without their value,
stray phone numbers and e-mail addresses warned about, dates checked, editions by date."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run

from zinegen.errors import Problem, ZinegenError
from zinegen.kit import load_kit
from zinegen.kit.baddates import edition, load_reports, read_settings, stray_contacts
from zinegen.kit.schema import Checker
from zinegen.model import BadDateSettings

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "riverbend" / "baddates.yaml"
PLANTED = "+1 312 555 0123 Maria"  # a reporter's own details, pasted where they do not go

FIRST = """\
- date: 2026-11-02
  warning: Took the money back
  area: Mill Lane
"""


def refused(path: Path) -> list[Problem]:
    """The problems load_reports refuses a file with (it must refuse it)."""
    with pytest.raises(ZinegenError) as caught:
        load_reports(path)
    assert caught.value.exit_code == 2
    return caught.value.problems


def said(problems: list[Problem]) -> str:
    """Everything the problems would print: messages, hints, files and lines."""
    return "\n".join(str(p) for p in problems)


# --- fields that could say who reported ------------------------------------------------------


@pytest.mark.parametrize("field", ["reporter", "reporter_phone", "reporter_name", "shoe_colour"])
def test_a_field_outside_the_list_is_refused_without_its_value(make_kit, field):
    kit = make_kit(
        {
            "baddates.yaml": FIRST
            + "- date: 2026-11-05\n"
            + "  warning: Refused a condom\n"
            + f'  {field}: "{PLANTED}"\n'
        }
    )
    (problem,) = refused(kit / "baddates.yaml")
    assert problem.message.startswith(f"report 2, field '{field}': ")
    assert problem.file == kit / "baddates.yaml"
    assert problem.line == 6  # the field's own line, not the report's
    assert PLANTED not in said([problem]) and "Maria" not in said([problem])
    if field.startswith("reporter"):
        assert "could identify the person who reported" in problem.message
    else:
        assert "fields: date, warning, area" in problem.hint


def test_the_command_line_refuses_a_reporter_field_and_never_prints_it(make_kit):
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION,
            "baddates.yaml": FIRST + f"  reporter: {PLANTED}\n",
        }
    )
    result = run("check", "--kit", kit)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert f"{kit / 'baddates.yaml'}:4: report 1, field 'reporter'" in result.output
    assert "Maria" not in result.output and "555" not in result.output


def test_a_phone_or_number_field_is_pointed_at_contact(make_kit):
    kit = make_kit({"baddates.yaml": FIRST + f"  phone: {PLANTED}\n"})
    (problem,) = refused(kit / "baddates.yaml")
    assert "name the field 'contact'" in problem.hint
    assert "reporter's own, delete the line" in problem.hint
    assert PLANTED not in said([problem])


def test_every_refused_report_is_named_together(make_kit):
    kit = make_kit(
        {
            "baddates.yaml": FIRST
            + "  reporter: A\n"
            + "- date: 2026-11-03\n  warning: Hit a worker\n  reporter_name: B\n"
        }
    )
    problems = refused(kit / "baddates.yaml")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (4, "report 1, field 'reporter'"),
        (7, "report 2, field 'reporter_name'"),
    ]


# --- phone numbers and e-mail addresses where they do not go ---------------------------------


def reports_of(make_kit, text: str):
    path = make_kit({"baddates.yaml": text}) / "baddates.yaml"
    reports, _ = load_reports(path)
    return reports, path


def test_a_phone_number_in_what_happened_is_a_warning_naming_the_report(make_kit):
    reports, path = reports_of(
        make_kit,
        FIRST + f"- date: 2026-11-04\n  warning: Hit a worker\n  what_happened: {PLANTED}\n",
    )
    assert stray_contacts(reports[0], path) == []
    (warning,) = stray_contacts(reports[1], path)
    assert re.match(
        r"report 2,? (field )?'what_happened': there is a phone number in it\.", warning.message
    )
    assert "move it to 'contact'" in said([warning])
    # The field's own line (6); the report's first (4) where reports keep no field lines.
    assert warning.line in (4, 6) and warning.file == path
    assert PLANTED not in said([warning]) and "Maria" not in said([warning])


def test_an_e_mail_address_in_description_is_a_warning(make_kit):
    reports, path = reports_of(make_kit, FIRST + "  description: tall; maria.r@example.org\n")
    (warning,) = stray_contacts(reports[0], path)
    assert re.match(
        r"report 1,? (field )?'description': there is an e-mail address in it\.", warning.message
    )
    assert "maria" not in said([warning])


def test_the_number_and_address_the_aggressor_used_belong_in_contact(make_kit):
    reports, path = reports_of(
        make_kit, FIRST + "  contact: texts from 555-0187; dave@example.org\n"
    )
    assert stray_contacts(reports[0], path) == []
    assert reports[0].contact == "texts from 555-0187; dave@example.org"


def test_a_plate_or_an_age_is_not_a_phone_number(make_kit):
    reports, path = reports_of(
        make_kit,
        FIRST + "  vehicle: Silver hatchback, plate 7KX 2041\n  description: Man, 34, 6 ft\n",
    )
    assert stray_contacts(reports[0], path) == []


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("  expires: 2026-10-01\n", "field 'expires': is 2026-10-01, before the report's date"),
        ("  expires: next month\n", "field 'expires': is not a date."),
    ],
)
def test_a_bad_expiry_is_refused_with_its_line(make_kit, lines, expected):
    kit = make_kit({"baddates.yaml": FIRST + lines})
    (problem,) = refused(kit / "baddates.yaml")
    assert problem.message.startswith(f"report 1, {expected}")
    assert problem.line == 4


@pytest.mark.parametrize("date", ["2026-13-01", "Nov 20", "20/11/2026", "2026-02-30"])
def test_a_date_that_is_not_one_is_refused_with_its_line(make_kit, date):
    kit = make_kit({"baddates.yaml": FIRST + f"- date: {date}\n  warning: Hit a worker\n"})
    (problem,) = refused(kit / "baddates.yaml")
    assert problem.message == "report 2, field 'date': is not a date."
    assert "year-month-day, e.g. 2026-11-20" in problem.hint
    assert problem.line == 4


def test_date_and_warning_are_required(make_kit):
    kit = make_kit({"baddates.yaml": "- area: Mill Lane\n  vehicle: Blue van\n"})
    assert [p.message.split(":")[0] for p in refused(kit / "baddates.yaml")] == [
        "report 1, field 'date'",
        "report 1, field 'warning'",
    ]


def test_expires_defaults_to_the_kit_s_keep_days(make_kit):
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML + "\n[baddates]\nkeep_days = 30\n",
            "content/en/hello.md": HELLO_SECTION,
            "baddates.yaml": FIRST + "- date: 2026-11-03\n  warning: B\n  expires: 2026-11-04\n",
        }
    )
    first, second = load_kit(kit).baddates
    assert first.expires == dt.date(2026, 12, 2)  # 30 days after 2026-11-02
    assert second.expires == dt.date(2026, 11, 4)  # as given


# --- a spreadsheet -----------------------------------------------------------------------------


def test_a_reporter_column_is_refused_for_each_report_that_fills_it(make_kit):
    kit = make_kit(
        {
            "baddates.csv": "date,warning,Reporter,area\n"
            f'2026-11-02,Took the money back,"{PLANTED}",Mill Lane\n'
            "2026-11-03,Hit a worker,,Canal Street\n"
            f'2026-11-04,Refused a condom,"{PLANTED}",Bell Street\n'
        }
    )
    problems = refused(kit / "baddates.csv")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (2, "report 1, field 'reporter', column C"),
        (4, "report 3, field 'reporter', column C"),
    ]
    assert "Maria" not in said(problems)


def test_a_spreadsheet_reads_as_the_same_reports(make_kit):
    kit = make_kit(
        {
            "baddates.csv": "\ufeffdate;warning;contact\n"
            '2026-11-02;Took the money back;"555-0187; or Dave"\n',
        }
    )
    (report,) = load_reports(kit / "baddates.csv")[0]
    assert (report.date, report.warning, report.contact) == (
        dt.date(2026, 11, 2),
        "Took the money back",
        "555-0187; or Dave",
    )
    assert report.expires == dt.date(2027, 1, 31)  # 90 days on


# --- editions ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_reports():
    return tuple(load_reports(EXAMPLE)[0])


@pytest.mark.parametrize(
    ("as_of", "current", "expired", "future"),
    [
        # before the first report
        ("2026-07-17", [], 0, 12),
        # two reports of one day: the later in the file first
        ("2026-10-02", [5, 4, 3, 2, 1], 0, 7),
        # report 1 (2026-07-18) printed its last day on 2026-10-16
        ("2026-10-17", [6, 5, 4, 3, 2], 1, 6),
        # report 5 gives 'expires: 2026-10-31': its last day; report 8 was entered late
        ("2026-10-31", [7, 8, 6, 5, 4, 3, 2], 1, 4),
        ("2026-11-01", [7, 8, 6, 4, 3, 2], 2, 4),
        # the example's edition
        ("2026-11-26", [11, 10, 9, 7, 8, 6, 4, 3, 2], 2, 1),
        # report 2 (2026-09-04) prints for 90 days: through 2026-12-03
        ("2026-12-03", [12, 11, 10, 9, 7, 8, 6, 4, 3, 2], 2, 0),
        ("2026-12-04", [12, 11, 10, 9, 7, 8, 6, 4, 3], 3, 0),
        # report 12 (2026-12-03) is the last to expire, after 2027-03-03
        ("2027-03-03", [12], 11, 0),
        ("2027-03-04", [], 12, 0),
    ],
)
def test_an_edition_prints_exactly_the_current_reports_newest_first(
    example_reports, as_of, current, expired, future
):
    made = edition(example_reports, dt.date.fromisoformat(as_of), BadDateSettings())
    assert [r.number for r in made.current] == current
    assert (len(made.expired), len(made.future)) == (expired, future)
    assert made.valid_until == dt.date.fromisoformat(as_of) + dt.timedelta(days=7)


def test_the_example_edition_s_summary(example_reports):
    made = edition(example_reports, dt.date(2026, 11, 26), BadDateSettings(edition_days=14))
    assert made.summary() == (
        "edition 2026-11-26, valid until 2026-12-10: 9 current reports "
        "(left out: 2 expired, 1 dated after 2026-11-26)"
    )
    assert edition(example_reports, dt.date(2027, 6, 1), BadDateSettings()).summary() == (
        "edition 2027-06-01, valid until 2027-06-08: no current reports (left out: 12 expired)"
    )


def test_the_example_reports_are_fictional_and_clean(example_reports):
    """The example prints no warnings, and its numbers are ones no one has."""
    assert len(example_reports) == 12
    assert not [w for r in example_reports for w in stray_contacts(r, EXAMPLE)]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "NEVER RECORD" in text
    numbers = re.findall(r"\d[\d -]{5,}\d", " ".join(r.contact for r in example_reports))
    assert numbers and all(re.fullmatch(r"555-01\d\d", n) for n in numbers), numbers


def test_the_readme_s_report_and_settings_are_what_zinegen_reads(tmp_path):
    """The README's section for coordinators shows a report and a [baddates] table."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bad date sheets (for outreach coordinators)", 1)[1]
    yaml_text = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (report,) = load_reports(tmp_path / "baddates.yaml", text=yaml_text)[0]
    assert report.warning == "Two men at the door, robbery"  # comments are not values
    assert report.expires == dt.date(2027, 1, 31) and report.vehicle and report.what_happened
    toml_text = section.split("```toml\n", 1)[1].split("```", 1)[0]
    checker = Checker(tmp_path / "zine.toml", toml_text)
    settings = read_settings(tomllib.loads(toml_text)["baddates"], checker)
    assert not checker.problems
    assert (settings.keep_days, settings.edition_days, settings.text) == (90, 7, "555-0142")


# --- the example's sheet -----------------------------------------------------------------------


@pytest.mark.slow
def test_the_example_sheet_prints_its_nine_current_reports_newest_first(example_reports, tmp_path):
    from pypdf import PdfReader

    from zinegen.pipeline import BuildRequest, build

    kit = EXAMPLE.parent
    request = BuildRequest(
        kit_dir=kit, products=("bad-date-sheet",), out=tmp_path, as_of=dt.date(2026, 11, 26)
    )
    (result,) = build(request)
    pages = PdfReader(result.target.reading_pdf).pages
    text = " ".join(" ".join(page.extract_text().replace("-\n", "").split()) for page in pages)
    printed = {r.number: text.find(r.warning) for r in example_reports}
    assert [n for n in sorted(printed, key=printed.get) if printed[n] >= 0] == [
        11, 10, 9, 7, 8, 6, 4, 3, 2
    ]  # fmt: skip
    assert result.content_line == (
        "edition 2026-11-26, valid until 2026-12-03: 9 current reports "
        "(left out: 2 expired, 1 dated after 2026-11-26)"
    )
    assert "plate starts 7KX" in text and "texts from 555-0187" in text
    assert "NEVER RECORD" not in text  # the file's notes are not printed
