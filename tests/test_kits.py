"""Organization kits: init, overlay, resources, theme, logo, fonts, QR codes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import run
from pypdf import PdfReader

from zinegen.kit import builtin_dir, load_kit
from zinegen.kit.baddates import SETTINGS_KEYS, load_reports
from zinegen.kit.resources import checked_line, load_resources, stale
from zinegen.pipeline import BuildRequest, build

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "riverbend"


def pdf_text(path: Path) -> str:
    """A PDF's words, with words hyphenated at a line's end joined again."""
    pages = (page.extract_text().replace("-\n", "") for page in PdfReader(path).pages)
    return " ".join(" ".join(text.split()) for text in pages)


@pytest.fixture
def new_kit(tmp_path):
    kit = tmp_path / "our-kit"
    result = run("init", kit, "--name", 'Northside "Night" Outreach')
    assert result.exit_code == 0, result.output
    return kit


# --- init ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_init_makes_a_kit_that_builds_with_no_edits(new_kit, tmp_path):
    for name in (
        "zine.toml",
        "resources.yaml",
        "baddates.yaml",
        "content/README.md",
        "layouts/README.md",
    ):
        assert (new_kit / name).is_file(), name
    out = tmp_path / "out"
    result = run("build", "--kit", new_kit, "--out", out)
    assert result.exit_code == 0, result.output
    for product in ("booklet", "trifold", "card", "zine", "bad-date-sheet", "report-form"):
        assert (out / "en" / f"{product}-print.pdf").is_file()
    assert 'Northside "Night" Outreach' in pdf_text(out / "en" / "card.pdf")
    assert "No reports are current" in pdf_text(out / "en" / "bad-date-sheet.pdf")
    assert "Example Health Clinic" in pdf_text(out / "en" / "trifold.pdf")
    # The example entries have no 'verified' date: said once, not once per product.
    assert result.output.count("resources.yaml: 6 of 6 entries not checked") == 1


def test_init_writes_a_bad_date_list_with_notes_and_no_reports(new_kit):
    path = new_kit / "baddates.yaml"
    text = path.read_text(encoding="utf-8")
    assert load_reports(path)[0] == []
    assert load_kit(new_kit).baddates == ()
    assert "NEVER RECORD who reported" in text
    # The report the notes show is a real one once its '# ' are taken off.
    lines = text.splitlines()
    start = lines.index("# - date: 2026-11-20")
    shown = "\n".join(line[2:] for line in lines[start : lines.index("#", start)])
    (report,) = load_reports(path, text=shown)[0]
    assert report.warning == "Took the money back by force" and report.vehicle
    # Reports added below the notes (as `zinegen baddates import` adds them) are read.
    added = text.rstrip() + '\n\n- date: "2026-11-21"\n  warning: "Hit a worker"\n'
    assert [r.warning for r in load_reports(path, text=added)[0]] == ["Hit a worker"]
    # zine.toml's [baddates]: the two day counts set, every other key shown in a comment.
    toml = (new_kit / "zine.toml").read_text(encoding="utf-8")
    assert tomllib.loads(toml)["baddates"] == {"keep_days": 90, "edition_days": 7}
    table = toml.split("[baddates]", 1)[1].split("\n[", 1)[0]
    assert set(re.findall(r"^(?:# )?(\w+) = ", table, re.M)) == set(SETTINGS_KEYS)


def test_init_refuses_a_folder_with_files_unless_forced(new_kit):
    result = run("init", new_kit, "--name", "Again")
    assert result.exit_code == 2
    assert "is not empty" in result.output and "--force" in result.output
    (new_kit / "notes.txt").write_text("keep me")
    (new_kit / "resources.yaml").write_text("- name: Ours\n  category: hotline\n")
    (new_kit / "content" / "README.md").unlink()
    result = run("init", new_kit, "--name", "Again", "--force")
    assert result.exit_code == 0
    assert f"kept {new_kit / 'resources.yaml'} as it was" in result.output
    assert f"wrote {new_kit / 'content' / 'README.md'}" in result.output
    assert load_kit(new_kit).organization.name == 'Northside "Night" Outreach'  # kept
    assert (new_kit / "notes.txt").read_text() == "keep me"
    assert "Ours" in (new_kit / "resources.yaml").read_text()


def test_init_errors(tmp_path):
    assert "the organization's name is empty" in run("init", tmp_path / "k", "--name", " ").output
    (tmp_path / "file").write_text("x")
    result = run("init", tmp_path / "file", "--name", "X")
    assert result.exit_code == 2 and "is a file, not a folder" in result.output


def test_a_template_mistake_in_a_kit_names_its_file_and_line(new_kit):
    template = new_kit / "layouts" / "trifold" / "layout.html"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "fixed.html" %}\n{% block cover %}{{ product.tittle }}{% endblock %}\n'
    )
    result = run("check", "trifold", "--kit", new_kit)
    assert result.exit_code == 2
    assert f"{template}:2: the trifold layout's template failed" in result.output
    template.write_text('{% extends "fixd.html" %}\n')
    result = run("check", "trifold", "--kit", new_kit)
    assert f"{template}: the trifold layout asks for a template 'fixd.html'" in result.output


# --- overlay --------------------------------------------------------------------------------


def test_kit_sections_layout_files_and_extra_css_win(new_kit, tmp_path):
    section = (ROOT / "content" / "en" / "card-tips.md").read_text()
    (new_kit / "content" / "en" / "card-tips.md").write_text(
        section.replace("Tell someone", "Text the van")
    )
    css = new_kit / "layouts" / "card" / "layout.css"
    css.parent.mkdir(parents=True)
    css.write_text((ROOT / "layouts" / "card" / "layout.css").read_text() + "\n/* ours */\n")
    (new_kit / "extra.css").write_text('.box-1 h2::after { content: " (extra)"; }\n')
    out = tmp_path / "out"
    assert run("build", "card", "--kit", new_kit, "--out", out).exit_code == 0
    text = pdf_text(out / "en" / "card.pdf")
    assert "Text the van" in text and "Tell someone" not in text
    assert "Stay safe (extra)" in text

    listing = run("list", "--kit", new_kit).output
    assert re.search(r"^  card-tips +workers +kit ", listing, re.M)
    assert re.search(r"^  street-safety +workers +built-in ", listing, re.M)
    assert "layout.css (kit)" in listing and "layout.html (built-in)" in listing
    assert "extra.css (kit)" in listing


def test_a_kit_adds_a_product_and_a_section(new_kit, tmp_path):
    (new_kit / "content" / "en" / "welcome.md").write_text(
        "---\nid: welcome\ntitle: Welcome\n---\nOur own words.\n"
    )
    with (new_kit / "zine.toml").open("a") as toml:
        toml.write(
            '\n[products.flyer]\nlayout = "card"\ntitle = "Flyer"\n'
            'panels = [["welcome"], ["local-resources"]]\n'
            'resources = { tags = ["card"] }\n'
        )
    out = tmp_path / "out"
    result = run("build", "flyer", "--kit", new_kit, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Our own words." in pdf_text(out / "en" / "flyer.pdf")


# --- resources ------------------------------------------------------------------------------


def print_every_entry(kit: Path) -> None:
    """Drop the products' choices of resources (init's card and trifold pick by tag), so the
    entries a test writes print everywhere."""
    toml = kit / "zine.toml"
    toml.write_text(re.sub(r"^resources = .*\n", "", toml.read_text(), flags=re.M))


GOOD = "- name: Clinic\n  category: health clinic\n  phone: 555-0100\n"


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            GOOD + "  phnoe: 1\n",
            ['resources.yaml:4: entry 1 ("Clinic"): unknown field', "did you mean 'phone'?"],
        ),
        (GOOD + "  checked: 2026-11-01\n", ["unknown field 'checked'", "did you mean 'verified'?"]),
        (GOOD + "  website: https://a.org\n", ["did you mean 'url'?"]),
        ("- category: hotline\n", ["entry 1: 'name' is missing"]),
        ("- name: X\n", ["entry 1 (\"X\"): 'category' is missing"]),
        (
            "- name: X\n  category: legal\n",
            ["category 'legal' is not one I know", "did you mean 'legal aid'?"],
        ),
        (GOOD + "  url: example.org\n", ["'url': 'example.org' is not a web address", "https://"]),
        (GOOD + "  url: https://example.org/our page\n", ["has a space in it"]),
        (GOOD + "  verified: 2099-01-01\n", ["a day still to come"]),
        (GOOD + "  phone: 1\n", ["the key 'phone' appears twice"]),
        (GOOD + GOOD, ['entry 2 ("Clinic") repeats entry 1']),
        (GOOD + "  verified: last week\n", ["'verified' is 'last week'", "2026-05-01"]),
        (GOOD + "  verified: 2026-13-45\n", ["'verified'"]),
        (GOOD + "  peer_led: sometimes\n", ["'peer_led' is 'sometimes'", "true or false"]),
        (GOOD + "  languages: {a: b}\n", ["'languages' should be a list"]),
        (
            GOOD + GOOD.replace("Clinic", "Second") + "- just text\n",
            ["resources.yaml:7: entry 3: should be 'field: value' lines"],
        ),
        ("name: Clinic\n", ["should be a list of entries"]),
        ("- name: [unclosed\n", ["is not valid YAML"]),
        (GOOD + "  address: Van: Cermak\n", ["resources.yaml:4:", "needs quotes"]),
        (GOOD + "   hours: 9-5\n", ["resources.yaml:4:", "indented further than the field"]),
    ],
)
def test_each_resource_mistake_names_entry_and_field(new_kit, tmp_path, yaml_text, expected):
    (new_kit / "resources.yaml").write_text(yaml_text)
    result = run("build", "card", "--kit", new_kit, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.output


def test_stale_entries_are_listed_and_the_checked_month_prints(new_kit, tmp_path):
    print_every_entry(new_kit)
    today = dt.date.today()
    fresh, old = today - dt.timedelta(days=20), today - dt.timedelta(days=400)
    (new_kit / "resources.yaml").write_text(
        f"- name: Fresh Clinic\n  category: health clinic\n  verified: {fresh}\n"
        f"- name: Old Line\n  category: hotline\n  verified: {old}\n"
        "- name: Unknown Group\n  category: peer-led group\n"
    )
    resources = load_resources(new_kit / "resources.yaml")
    assert [r.name for r in stale(resources, 180, today)] == ["Old Line", "Unknown Group"]
    assert stale(resources, 500, today)[0].name == "Unknown Group"
    out = tmp_path / "out"
    result = run("build", "trifold", "--kit", new_kit, "--out", out)
    assert result.exit_code == 0, result.output
    assert "2 of 3 entries not checked in the last 180 days" in result.output
    assert f"Old Line (checked {old})" in result.output
    assert "Unknown Group (never checked)" in result.output
    text = pdf_text(out / "en" / "trifold.pdf")
    assert f"Checked {old:%B %Y} (1 not yet checked)" in text
    # Categories print in a fixed order: hotline before health clinic before peer-led.
    assert text.index("Old Line") < text.index("Fresh Clinic") < text.index("Unknown Group")


def test_checked_line_uses_the_oldest_date():
    resources = load_resources(EXAMPLE / "resources.yaml")
    assert checked_line(resources, "en", {}) == "Checked September 2026"


@pytest.mark.slow
def test_too_many_resources_for_a_panel_says_which(new_kit):
    print_every_entry(new_kit)
    entries = "".join(
        f"- name: Clinic number {n}\n  category: health clinic\n  phone: 555-01{n:02}\n"
        f"  address: {n} Long Example Road\n  notes: Walk-in, free, no ID needed.\n"
        for n in range(1, 31)
    )
    (new_kit / "resources.yaml").write_text(entries)
    result = run("check", "trifold", "--kit", new_kit)
    assert result.exit_code == 1
    assert "trifold: panel 4 holds" in result.output
    assert "of the 30 local resources" in result.output
    assert "entries: " in result.output and "-30 in resources.yaml" in result.output
    # The count is right: that many entries fit, one more does not.
    fit = int(re.search(r"holds (\d+) of the 30", result.output).group(1))
    for count, code in ((fit, 0), (fit + 1, 1)):
        (new_kit / "resources.yaml").write_text(
            entries.split("- name:")[0]
            + "".join("- name:" + e for e in entries.split("- name:")[1 : count + 1])
        )
        assert run("check", "trifold", "--kit", new_kit).exit_code == code, count


def test_a_resource_in_a_script_the_font_lacks_is_named(new_kit):
    print_every_entry(new_kit)
    (new_kit / "resources.yaml").write_text(
        "- name: सहायता केंद्र\n  category: hotline\n  phone: 555-0100\n"
    )
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 1
    assert "resources.yaml:1: section 'local-resources' uses" in result.output
    assert "U+0938" in result.output and "[[fonts]]" in result.output


# --- theme, logo, fonts ----------------------------------------------------------------------


def test_a_theme_colour_that_fails_contrast_names_both_colours(new_kit):
    toml = (new_kit / "zine.toml").read_text().replace('accent = "#7b1e57"', 'accent = "#ffcc00"')
    (new_kit / "zine.toml").write_text(toml)
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert re.search(
        r"the theme's accent #ffcc00 on white #ffffff has a contrast of 1\.\d:1", result.output
    )
    assert "at least 4.5:1" in result.output


def test_the_theme_colours_the_cover(tmp_path):
    (result,) = build(BuildRequest(kit_dir=EXAMPLE, products=("trifold",), out=tmp_path))
    pdf = pdfium.PdfDocument(str(result.target.reading_pdf))
    image = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    # teal inside the page's margin (7 mm, 10 px at this scale), white beyond it: an office
    # printer's ragged edge stays off the colour (--bleed runs it to the trim instead)
    assert image.getpixel((15, image.height // 2)) == (0x0B, 0x55, 0x63)
    assert image.getpixel((3, image.height // 2)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("logo", "content", "expected"),
    [
        ("missing.svg", None, "the logo 'missing.svg' is not in the kit"),
        ("logo.gif", b"GIF89a", "is not an SVG or PNG file"),
        ("logo.png", b"\xff\xd8\xff\xe0 a JPEG named .png", "is not an SVG or PNG file"),
        ("../outside.svg", None, "is not in the kit"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>Us</text></svg>',
            "has text in it",
        ),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1), "the limit is 1024 KB"),
    ],
)
def test_logo_mistakes(new_kit, logo, content, expected):
    if content is not None:
        (new_kit / logo).write_bytes(content)
    if logo.startswith(".."):
        (new_kit.parent / "outside.svg").write_text("<svg></svg>")
    toml = (new_kit / "zine.toml").read_text().replace('# logo = "logo.svg"', f'logo = "{logo}"')
    (new_kit / "zine.toml").write_text(toml)
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert expected in result.output


@pytest.mark.slow
def test_the_logo_prints_on_the_booklet_cover(tmp_path):
    (result,) = build(BuildRequest(kit_dir=EXAMPLE, products=("booklet",), out=tmp_path))
    cover = PdfReader(result.target.reading_pdf).pages[0]
    assert "/XObject" in cover["/Resources"]  # the SVG logo, drawn as a form


def test_a_kit_font_covers_a_script_the_bundled_face_lacks(new_kit, tmp_path):
    print_every_entry(new_kit)
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("no DejaVu Sans on this machine to stand in for a kit's font")
    (new_kit / "fonts").mkdir()
    shutil.copy(dejavu, new_kit / "fonts" / "DejaVuSans.ttf")
    with (new_kit / "zine.toml").open("a") as toml:
        toml.write(
            '\n[[fonts]]\nfamily = "DejaVu Sans"\nfile = "fonts/DejaVuSans.ttf"\n'
            'licence = "fonts/LICENSE"\n'
        )
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert "'fonts[0].licence': the file 'fonts/LICENSE' is not in the kit" in result.output
    (new_kit / "fonts" / "LICENSE").write_text("Bitstream Vera / DejaVu licence")
    (new_kit / "resources.yaml").write_text("- name: Ελπίδα\n  category: hotline\n")
    out = tmp_path / "out"
    result = run("build", "card", "--kit", new_kit, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Ελπίδα" in pdf_text(out / "en" / "card.pdf")


# --- QR codes -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("riverbend")
    return {r.target.product.name: r for r in build(BuildRequest(kit_dir=EXAMPLE, out=out))}


def decoded(path: Path, dpi: int = 300) -> list:
    """Every QR code a reader finds on the rasterized pages: (text, width in mm)."""
    pdf = pdfium.PdfDocument(str(path))
    found = []
    for page in pdf:
        image = page.render(scale=dpi / 72).to_pil()
        for code in zxingcpp.read_barcodes(image):
            corners = code.position
            width_px = abs(corners.top_right.x - corners.top_left.x)
            found.append((code.text, width_px / dpi * 25.4))
    return found


def test_qr_codes_decode_to_the_exact_urls(example_build):
    trifold = decoded(example_build["trifold"].target.reading_pdf)
    assert sorted(text for text, _ in trifold) == [
        "https://harbourlegal.example.org/",
        "https://millhealth.example.org/",
        "https://riverbend-outreach.example.org/",  # the organization's, by its contacts
    ]
    card = decoded(example_build["card"].target.reading_pdf)
    assert [text for text, _ in card] == ["https://riverbend-outreach.example.org/"]
    # Printed at least 15 mm wide on the card, the code itself without its quiet zone.
    assert card[0][1] >= 15 - 0.3
    text = pdf_text(example_build["card"].target.reading_pdf)
    assert "riverbend-outreach.example.org" in text  # for those who cannot scan
    assert "https://" not in text


def test_qr_codes_survive_imposition(example_build):
    sheets = decoded(example_build["card"].target.print_pdf, dpi=200)
    assert len(sheets) == 10  # one on each card back
    assert {text for text, _ in sheets} == {"https://riverbend-outreach.example.org/"}


def test_the_example_kit_builds_everything(example_build):
    assert set(example_build) == {
        "booklet",
        "trifold",
        "card",
        "zine",
        "bad-date-sheet",
        "report-form",
    }
    booklet = pdf_text(example_build["booklet"].target.reading_pdf)
    assert "Riverbend Night Outreach" in booklet and "Local resources" in booklet
    trifold = pdf_text(example_build["trifold"].target.reading_pdf)
    assert "Text the outreach van" in trifold  # its own general-safety section


def test_resource_values_print_as_written(new_kit, tmp_path):
    print_every_entry(new_kit)
    (new_kit / "resources.yaml").write_text(
        "- name: No\n  category: Hotline\n  phone: 0712345\n  text: 555.0100\n"
        "  hours: 9:30-10:30\n  peer_led: yes\n"
    )
    (resource,) = load_resources(new_kit / "resources.yaml")
    assert (resource.name, resource.category, resource.phone, resource.text, resource.hours) == (
        "No",
        "hotline",
        "0712345",
        "555.0100",
        "9:30-10:30",
    )
    assert resource.peer_led is True
    out = tmp_path / "out"
    assert run("build", "trifold", "--kit", new_kit, "--out", out).exit_code == 0
    text = pdf_text(out / "en" / "trifold.pdf")
    assert "Call 0712345" in text and "Text 555.0100" in text and "9:30-10:30" in text


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("qr:", "the address is empty"),
        ("qr:https://example.org/a%20b c", "has a space in it"),
        ("qr:example.org", "is not a web address"),
        ("qr:javascript:alert(1)", "is not a web address"),
        ("qr:https://example.org/" + "x" * 300, "too long for a QR code"),
    ],
)
def test_a_qr_link_that_cannot_print_is_named(new_kit, link, expected):
    (new_kit / "content" / "en" / "card-tips.md").write_text(
        f"---\nid: card-tips\ntitle: Tips\n---\nSome words.\n\n[Scan]({link})\n"
    )
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 2, result.output
    assert "card-tips.md:7: the QR link" in result.output
    assert expected in result.output


def test_phone_and_email_qr_codes(new_kit, tmp_path):
    (new_kit / "content" / "en" / "card-tips.md").write_text(
        "---\nid: card-tips\ntitle: Tips\n---\n[Call us](qr:tel:+15550100)\n"
    )
    out = tmp_path / "out"
    assert run("build", "card", "--kit", new_kit, "--out", out).exit_code == 0
    assert [t for t, _ in decoded(out / "en" / "card.pdf")] == ["tel:+15550100"]
    assert "+15550100" in pdf_text(out / "en" / "card.pdf")


def test_kit_font_mistakes(new_kit):
    (new_kit / "fonts").mkdir()
    (new_kit / "fonts" / "OFL.txt").write_text("licence")
    shutil.copy(load_kit(new_kit).fonts[0].path, new_kit / "fonts" / "Mine.ttf")
    with (new_kit / "zine.toml").open("a") as toml:
        toml.write(
            '\n[[fonts]]\nfamily = "Atkinson Hyperlegible"\nfile = "fonts/Mine.ttf"\n'
            'licence = "fonts/OFL.txt"\n'
            '\n[[fonts]]\nfamily = "Elsewhere"\nfile = "../../etc/hostname"\n'
            'licence = "/etc/hostname"\n'
            '\n[[fonts]]\nfamily = "Mine"\nfile = "fonts/Mine.ttf"\nlicence = "fonts/OFL.txt"\n'
            '\n[[fonts]]\nfamily = "Mine"\nfile = "fonts/Mine.ttf"\nlicence = "fonts/OFL.txt"\n'
        )
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert (
        "'fonts[0].family' is 'Atkinson Hyperlegible', the name of a bundled face" in result.output
    )
    assert "'fonts[1].file': the file '../../etc/hostname' is not in the kit" in result.output
    assert "'fonts[1].licence': the file '/etc/hostname' is not in the kit" in result.output
    assert "'fonts[3]' declares Mine weight 400 normal again" in result.output


def test_max_age_days_must_be_a_number_of_days(new_kit):
    toml = (new_kit / "zine.toml").read_text().replace("max_age_days = 180", "max_age_days = -5")
    (new_kit / "zine.toml").write_text(toml)
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert "'resources.max_age_days' is -5; give a number of days" in result.output


def test_local_resources_without_resources_yaml_says_what_to_add(new_kit):
    (new_kit / "resources.yaml").unlink()
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 2
    assert "prints resources.yaml (or .csv), and this kit has neither" in result.output


def test_a_section_named_local_resources_clashes_with_resources_yaml(new_kit):
    (new_kit / "content" / "en" / "local-resources.md").write_text(
        "---\nid: local-resources\ntitle: Ours\n---\nWords.\n"
    )
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 2
    assert "content/en/local-resources.md and resources.yaml both make the section" in result.output


# --- each product picks its resources --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_init_s_six_resources_build_every_product(new_kit, tmp_path, paper):
    """The kit init writes: six entries with every field, each product picking its own."""
    assert len(load_resources(new_kit / "resources.yaml")) == 6
    out = tmp_path / "out"
    result = run("build", "--kit", new_kit, "--out", out, "--paper", paper)
    assert result.exit_code == 0, result.output
    suffix = "" if paper == "letter" else "-a4"
    card = pdf_text(out / "en" / f"card{suffix}.pdf")
    tagged = {"Example Peer Hotline", "Example Bad Date List"}  # tags: [card, ...]
    for resource in load_resources(new_kit / "resources.yaml"):
        name = resource.name.replace(" (replace me)", "")
        assert (name in card) == (name in tagged), name
    assert "Free HIV and STI tests" not in card  # the card's compact form has no notes
    trifold = pdf_text(out / "en" / f"trifold{suffix}.pdf")
    assert "Free HIV and STI tests" in trifold and "Example Shelter" not in trifold
    booklet = pdf_text(out / "en" / f"booklet{suffix}.pdf")
    assert all(r.name in booklet for r in load_resources(new_kit / "resources.yaml"))


@pytest.mark.slow
def test_choices_by_category_tag_product_and_limit(new_kit, tmp_path):
    (new_kit / "resources.yaml").write_text(
        "- name: Line\n  category: hotline\n  tags: [card]\n"
        "- name: Clinic\n  category: health clinic\n  tags: [Card, trifold]\n"
        "- name: Lawyers\n  category: legal aid\n  products: [booklet]\n  tags: [card]\n"
        "- name: List\n  category: bad date list\n  tags: [card]\n"
    )
    toml = new_kit / "zine.toml"
    toml.write_text(
        toml.read_text().replace(
            'resources = { tags = ["card"], limit = 2 }',
            'resources = { tags = ["card"], categories = ["bad date list", "hotline", '
            '"health clinic", "legal aid"], limit = 2 }',
        )
    )
    out = tmp_path / "out"
    assert run("build", "card", "booklet", "--kit", new_kit, "--out", out).exit_code == 0
    card = pdf_text(out / "en" / "card.pdf")
    # Tagged card, not kept to the booklet, in the card's category order, two at most.
    assert card.index("List") < card.index("Line") and "Clinic" not in card
    assert "Lawyers" not in card and "Lawyers" in pdf_text(out / "en" / "booklet.pdf")


def test_an_entry_for_a_product_the_kit_lacks_is_named(new_kit):
    (new_kit / "resources.yaml").write_text(
        "- name: Line\n  category: hotline\n  products: [cards]\n"
    )
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "entry 1 (\"Line\"): products lists 'cards', which the kit does not have." in out
    assert "did you mean 'card'?" in out


def test_a_full_card_says_to_tag_entries_off_it_not_delete_them(new_kit):
    entries = "".join(
        f"- name: Clinic number {n}\n  category: health clinic\n  phone: 555-01{n:02}\n"
        "  tags: [card]\n"
        for n in range(1, 6)
    )
    (new_kit / "resources.yaml").write_text(entries)
    toml = new_kit / "zine.toml"
    toml.write_text(toml.read_text().replace(", limit = 2 }", " }"))
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert re.search(r"card: back holds (\d) of the 5 local resources chosen for it", out)
    assert "take them off the card: remove 'card' from their tags in resources.yaml" in out
    assert "Deleting entries would take them off every product." in out
    # The hint's line, pasted as it is, makes the card build.
    line = re.search(r"write (resources = \{.*?\}) under \[products\.card\]", out).group(1)
    pasted = re.sub(r'^resources = \{ tags = \["card"\] \}', line, toml.read_text(), flags=re.M)
    assert line in pasted
    toml.write_text(pasted)
    assert run("check", "card", "--kit", new_kit).exit_code == 0


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ('{ tag = ["card"] }', "unknown key 'products.card.resources.tag'"),
        ('{ categories = ["clinic"] }', "'products.card.resources.categories' has 'clinic'"),
        ("{ limit = 0 }", "'products.card.resources.limit' is 0"),
        ('{ limit = "two" }', "'products.card.resources.limit' should be a whole number"),
    ],
)
def test_resource_choice_mistakes_name_their_key(new_kit, choice, expected):
    toml = new_kit / "zine.toml"
    toml.write_text(
        toml.read_text().replace(
            'resources = { tags = ["card"], limit = 2 }', f"resources = {choice}"
        )
    )
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert expected in out and re.search(r"zine\.toml:\d+:", out), out


def test_a_product_that_picks_no_entry_says_so(new_kit, tmp_path):
    (new_kit / "resources.yaml").write_text("- name: Line\n  category: hotline\n")  # no tags
    result = run("build", "card", "--kit", new_kit, "--out", tmp_path / "out")
    assert result.exit_code == 0
    out = " ".join(result.output.split())
    assert "resources.yaml: card prints no local resources: no entry has the tag 'card'." in out
    assert "hint: to show some, add tags: [card] to the entries it should print." in out


# --- resources from a spreadsheet ------------------------------------------------------------


def as_csv(resources_yaml: Path, delimiter: str = ",") -> str:
    """The same entries as a spreadsheet saves them: a header row, an entry a row, lists
    separated by ';'."""
    import csv
    import io

    import yaml

    entries = yaml.load(resources_yaml.read_text(), Loader=yaml.BaseLoader)
    names = list(dict.fromkeys(key for entry in entries for key in entry))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(names)
    for entry in entries:
        writer.writerow(
            [";".join(v) if isinstance(v := entry.get(n, ""), list) else v for n in names]
        )
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_the_same_list_as_csv_gives_the_same_pdfs(new_kit, tmp_path, delimiter):
    out_yaml, out_csv = tmp_path / "yaml", tmp_path / "csv"
    assert run("build", "--kit", new_kit, "--out", out_yaml).exit_code == 0
    csv_text = as_csv(new_kit / "resources.yaml", delimiter)
    (new_kit / "resources.yaml").unlink()
    (new_kit / "resources.csv").write_bytes(b"\xef\xbb\xbf" + csv_text.encode())  # Excel's BOM
    result = run("build", "--kit", new_kit, "--out", out_csv)
    assert result.exit_code == 0, result.output
    assert "resources.csv: 6 of 6 entries not checked" in result.output
    for product in ("booklet", "trifold", "card", "zine"):
        for suffix in ("", "-print"):
            name = f"{product}{suffix}.pdf"
            assert pdf_text(out_csv / "en" / name) == pdf_text(out_yaml / "en" / name), name
            assert (out_csv / "en" / name).read_bytes() == (out_yaml / "en" / name).read_bytes()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("name,category,phnoe\nA,hotline,1\n", "resources.csv:1: column C is headed 'phnoe'"),
        ("name,phone\nA,1\n", "resources.csv:1: the first row should name the columns"),
        (
            "name,category,phone\nA,hotline,1\nB,legal,2\n",
            "resources.csv:3: entry 2 (\"B\"), column B: category 'legal' is not one I know",
        ),
        (
            "name,category,url\nA,hotline,example.org\n",
            "resources.csv:2: entry 1 (\"A\"), column C: 'url': 'example.org' is not a web",
        ),
        (
            'name,category,notes\nA,hotline,"two\nlines"\nB,hotline,x,y\n',
            "resources.csv:4: row 4 has something in column D, which the first row does not",
        ),
        ("name,category,Name\nA,hotline,B\n", "columns A and C are both headed 'name'"),
        ('name,category,notes\nA,hotline,"never closed\nB,hotline,x\n', "cannot be read as CSV"),
    ],
)
def test_spreadsheet_mistakes_name_row_and_column(new_kit, rows, expected):
    (new_kit / "resources.yaml").unlink()
    (new_kit / "resources.csv").write_text(rows)
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split()), result.output


def test_a_kit_has_one_resources_file(new_kit):
    (new_kit / "resources.csv").write_text("name,category\nA,hotline\n")
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert "the kit has both resources.yaml and resources.csv" in result.output


def test_a_spreadsheet_saved_in_another_encoding_says_how_to_save_it(new_kit):
    (new_kit / "resources.yaml").unlink()
    (new_kit / "resources.csv").write_bytes("name,category\nCl\xednica,hotline\n".encode("cp1252"))
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert "resources.csv:2: the file is not UTF-8 text." in result.output
    assert "save it from your spreadsheet as 'CSV UTF-8'" in result.output


# --- eject and list ----------------------------------------------------------------------------


def test_eject_copies_a_builtin_section_and_layout_into_the_kit(new_kit):
    result = run("eject", "section", "street-safety", "--kit", new_kit)
    assert result.exit_code == 0, result.output
    copy = new_kit / "content" / "en" / "street-safety.md"
    assert copy.read_text() == (ROOT / "content" / "en" / "street-safety.md").read_text()
    copy.write_text(copy.read_text().replace("Use a buddy.", "Bring a friend."))
    again = run("eject", "section", "street-safety", "--kit", new_kit)
    assert again.exit_code == 2 and "--force" in again.output
    assert "Bring a friend." in copy.read_text()  # kept: nothing is lost without --force
    assert run("eject", "layout", "card", "--kit", new_kit).exit_code == 0
    assert sorted(p.name for p in (new_kit / "layouts" / "card").iterdir()) == [
        "layout.css",
        "layout.html",
        "layout.toml",
    ]
    listing = run("list", "--kit", new_kit).output
    assert re.search(r"street-safety \(kit\)", listing)
    assert "card layout: layout.html (kit), layout.css (kit), layout.toml (kit)" in listing
    assert "local-resources (kit: resources.yaml)" in listing
    assert "trifold layout: layout.html (built-in)" in listing


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("section", "street-safty"), "did you mean 'street-safety'?"),
        (("layout", "crad"), "did you mean 'card'?"),
    ],
)
def test_eject_names_what_it_does_not_know(new_kit, args, expected):
    result = run("eject", *args, "--kit", new_kit)
    assert result.exit_code == 2
    assert expected in result.output


def test_a_card_back_with_no_room_left_says_what_takes_it(new_kit):
    toml = new_kit / "zine.toml"
    lines = "\n".join(f"Drop-in {n}: the community centre, every weekday" for n in range(5))
    toml.write_text(toml.read_text().replace("Drop-in: (your address and opening hours)", lines))
    result = run("check", "card", "--kit", new_kit)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "card: back holds 0 of the 2 local resources chosen for it" in out
    assert "leaves no room for them: shorten the contact block" in out
    assert "on another face or product" in out and "limit = 0" not in out


def test_a_spreadsheet_may_have_capitals_commas_and_empty_trailing_cells(new_kit, tmp_path):
    (new_kit / "resources.yaml").unlink()
    (new_kit / "resources.csv").write_text(
        "Name,Category,Phone,Tags,Languages,,\n"
        'Clinic,health clinic,555-0100,"card, trifold",English;Spanish,,\n'
    )
    (entry,) = load_resources(new_kit / "resources.csv")
    assert entry.tags == ("card", "trifold") and entry.languages == ("English", "Spanish")
    assert run("build", "card", "--kit", new_kit, "--out", tmp_path / "o").exit_code == 0


def test_a_resource_mistake_and_a_repeat_name_their_lines(new_kit):
    (new_kit / "resources.yaml").write_text(
        "- name: Clinic\n  category: hotline\n- name: Clinic\n  category: hotline\n"
    )
    out = " ".join(run("check", "--kit", new_kit).output.split())
    assert 'resources.yaml:3: entry 2 ("Clinic") repeats entry 1.' in out
    (new_kit / "resources.yaml").write_text(
        "- name: Clinic\n  category: hotline\n"
        "- name: Line\n  category: hotline\n  products: [cards]\n"
    )
    out = " ".join(run("check", "--kit", new_kit).output.split())
    assert "resources.yaml:3: entry 2 (\"Line\"): products lists 'cards'" in out


def test_a_list_as_a_yaml_key_is_a_message_not_a_traceback(new_kit):
    (new_kit / "resources.yaml").write_text("- name: Clinic\n  [site]: https://x.org\n")
    result = run("check", "--kit", new_kit)
    assert result.exit_code == 2
    assert "resources.yaml:2:" in result.output and "a key must be a plain word" in result.output


def test_a_typo_in_a_product_does_not_also_blame_resources(new_kit):
    (new_kit / "resources.yaml").write_text(
        "- name: Line\n  category: hotline\n  products: [card]\n"
    )
    toml = new_kit / "zine.toml"
    toml.write_text(
        toml.read_text().replace("[products.card]\n", "[products.card]\nsubtitel = 'x'\n")
    )
    out = run("check", "--kit", new_kit).output
    assert "unknown key 'products.card.subtitel'" in out and "products lists 'card'" not in out


def test_eject_says_which_languages_it_cannot_copy_and_mends_a_broken_copy(new_kit):
    toml = new_kit / "zine.toml"
    toml.write_text(toml.read_text().replace('languages = ["en"]', 'languages = ["en", "fr"]'))
    (new_kit / "strings").mkdir()  # the printed words, which zinegen has no French for
    english = (builtin_dir() / "strings" / "en.toml").read_text()
    (new_kit / "strings" / "fr.toml").write_text(english)
    result = run("eject", "section", "street-safety", "--kit", new_kit)
    assert result.exit_code == 0
    assert "no 'fr' version of section 'street-safety'" in result.output
    run("eject", "layout", "card", "--kit", new_kit)
    (new_kit / "layouts" / "card" / "layout.toml").write_text("broken = [")
    assert run("check", "--kit", new_kit).exit_code == 2
    assert run("eject", "layout", "card", "--kit", new_kit, "--force").exit_code == 0
    assert "broken" not in (new_kit / "layouts" / "card" / "layout.toml").read_text()


def test_the_example_is_never_copied_over_a_kit(new_kit):
    result = run("init", new_kit, "--example", "--force")
    assert result.exit_code == 2
    assert "is a kit already" in result.output
    assert not (new_kit / "content" / "en" / "general-safety.md").exists()


def test_a_template_syntax_error_is_said_with_the_kit_s_other_mistakes(new_kit):
    template = new_kit / "layouts" / "card" / "layout.html"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "fixed.html" %}\n{% block cover %}{{ oops }\n')
    (new_kit / "resources.yaml").write_text("- name: Line\n  category: hotlin\n")
    out = run("check", "--kit", new_kit).output
    assert f"{template}:2: template error:" in out
    assert "category 'hotlin' is not one I know" in out  # in the same run


def test_the_example_logos_stand_out_and_print_sharply(example_build):
    """Riverbend's teal covers show its white logo (logo_on_dark), measured like any other."""
    for result in example_build.values():
        said = [w.message for w in result.warnings]
        assert not [m for m in said if "the logo" in m or "dpi" in m], said
    trifold = example_build["trifold"].target.kit.organization
    assert trifold.logo_on_dark is not None and trifold.logo_on_dark.name == "logo-white.svg"
