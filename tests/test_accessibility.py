"""Reading PDFs that screen readers can read (PDF/UA-1), and PDFs that give nothing away:
the same kit gives the same bytes in any folder, with no path, user or host name in them."""

from __future__ import annotations

import getpass
import re
import shutil
import socket
import zlib
from pathlib import Path

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run
from pdfua import problems
from pypdf import PdfReader
from weasyprint import HTML

from zinegen.kit import load_kit
from zinegen.pipeline import BuildRequest, build

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "riverbend"


def all_results(builtin_booklets, fixed_products):
    return [*builtin_booklets.values(), *fixed_products.values()]


def outline_titles(reader: PdfReader) -> list[str]:
    def walk(items):
        for item in items:
            yield from walk(item) if isinstance(item, list) else [item.title]

    return list(walk(reader.outline))


def figure_alts(reader: PdfReader) -> list[str | None]:
    """The /Alt of every Figure in the structure tree, in document order."""
    found = []

    def walk(kid):
        if isinstance(kid, list):
            for k in kid:
                walk(k)
            return
        kid = kid.get_object()
        if not hasattr(kid, "get") or kid.get("/Type") in ("/OBJR", "/MCR"):
            return
        if kid.get("/S") == "/Figure":
            found.append(str(kid["/Alt"]) if "/Alt" in kid else None)
        if "/K" in kid:
            walk(kid["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


# --- the checker ---------------------------------------------------------------------------


def test_the_checker_fails_an_untagged_pdf():
    pdf = HTML(string="<html lang=en><title>T</title><p>Words</p>").write_pdf()
    found = problems(pdf)
    assert "7.1: the catalog has no /StructTreeRoot" in found
    assert "7.1: the catalog has no /MarkInfo << /Marked true >>" in found
    assert any(re.match(r"page 1: 7\.1: \d+ marks are neither tagged", p) for p in found)


def test_the_checker_fails_a_picture_without_alt_text_and_a_missing_language():
    svg = "<svg xmlns=%22http://www.w3.org/2000/svg%22 width=%224%22 height=%224%22/>"
    image = f'<img src="data:image/svg+xml,{svg}">'
    pdf = HTML(string=f"<html><title>T</title><p>{image}</p>").write_pdf(pdf_variant="pdf/ua-1")
    found = problems(pdf)
    assert "7.3: a Figure structure element has no /Alt" in found
    assert "7.2: the catalog has no /Lang" in found


# --- the built-in products -----------------------------------------------------------------


def test_every_reading_pdf_passes_the_pdfua_checker(builtin_booklets, fixed_products):
    for result in all_results(builtin_booklets, fixed_products):
        assert problems(result.target.reading_pdf) == [], result.target.reading_pdf.name


def test_reading_pdfs_say_their_language_and_show_their_title(builtin_booklets, fixed_products):
    for result in all_results(builtin_booklets, fixed_products):
        reader = PdfReader(result.target.reading_pdf)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == result.target.lang
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert f'<rdf:li xml:lang="x-default">{result.target.product.title}</rdf:li>' in xmp


def test_bookmarks_follow_the_section_titles(builtin_booklets, fixed_products):
    from zinegen.pipeline import load_target_sections

    for result in all_results(builtin_booklets, fixed_products):
        sections, back = load_target_sections(result.target)
        reader = PdfReader(result.target.reading_pdf)
        titles = outline_titles(reader)
        shown = [s.title for s in sections if s.title in titles]
        # the sections a layout heads with their titles are bookmarks, in reading order
        assert len(shown) >= 2, result.target.product.name
        assert [titles.index(t) for t in shown] == sorted(titles.index(t) for t in shown)
    # The booklet: one bookmark per section, its subheadings under it.
    result = builtin_booklets["letter"]
    sections, back = load_target_sections(result.target)
    reader = PdfReader(result.target.reading_pdf)
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [s.title for s in sections] + ([back.title] if back else [])
    assert "Signs to look for" in outline_titles(reader)  # an h2 of the overdose section


def test_qr_codes_have_alt_text(fixed_products):
    reader = PdfReader(fixed_products["trifold", "letter"].target.reading_pdf)
    alts = figure_alts(reader)
    assert alts and all(alt and alt.startswith("QR code for ") for alt in alts), alts


def test_the_logo_is_named_by_the_organization(tmp_path):
    (result,) = build(BuildRequest(kit_dir=EXAMPLE, products=("card",), out=tmp_path))
    alts = figure_alts(PdfReader(result.target.reading_pdf))
    assert "Riverbend Night Outreach" in alts
    assert problems(result.target.reading_pdf) == []


# --- pictures without alt text -------------------------------------------------------------


def dot(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), "red").save(path)


def test_a_section_picture_without_alt_text_is_pointed_out(make_kit):
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": HELLO_SECTION + "\nA map:\n\n![](dot.png)\n",
        }
    )
    dot(kit / "content" / "en" / "dot.png")
    result = run("check", "--kit", kit)
    assert result.exit_code == 0, result.output
    assert re.search(
        r"hello\.md:10: the image 'dot\.png' has no alt text, so screen readers", result.output
    )
    assert "![A map to the clinic](dot.png)" in result.output  # the hint shows how
    assert "required alt description" not in result.output  # WeasyPrint's own line: said once
    (kit / "content" / "en" / "hello.md").write_text(HELLO_SECTION + "\n![A red dot](dot.png)\n")
    result = run("check", "--kit", kit)
    assert "alt text" not in result.output


def test_a_cover_image_takes_its_alt_text_from_the_product(make_kit, tmp_path):
    toml = MINIMAL_TOML.replace('back_cover = ""', 'back_cover = ""\ncover_image = "dot.png"')
    kit = make_kit({"zine.toml": toml, "content/en/hello.md": HELLO_SECTION})
    dot(kit / "dot.png")
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert re.search(r"zine\.toml:\d+: the cover image of booklet has no alt text", result.output)
    assert 'cover_alt = "..."' in result.output
    (kit / "zine.toml").write_text(toml + 'cover_alt = "A red dot"\n')
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert "alt text" not in result.output
    reading = tmp_path / "out" / "en" / "booklet.pdf"
    assert "A red dot" in figure_alts(PdfReader(reading))
    assert problems(reading) == []


# --- the same bytes anywhere, and nothing about this computer ------------------------------


def kit_with_logo_and_font(folder: Path) -> Path:
    """The example kit (it has a logo), with a font of its own that its headings use."""
    shutil.copytree(EXAMPLE, folder)
    font = load_kit(EXAMPLE).fonts[0].path
    (folder / "fonts").mkdir()
    shutil.copy(font, folder / "fonts" / "Ours.ttf")
    (folder / "fonts" / "OFL.txt").write_text("SIL Open Font License 1.1")
    with (folder / "zine.toml").open("a") as toml:
        toml.write(
            '\n[[fonts]]\nfamily = "Ours"\nfile = "fonts/Ours.ttf"\nlicence = "fonts/OFL.txt"\n'
        )
    (folder / "extra.css").write_text('h2 { font-family: "zinegen Ours"; font-weight: 400; }\n')
    return folder


def readable_parts(pdf: bytes) -> list[bytes]:
    """The PDF's bytes outside its streams, and every stream inflated: where a name written
    into the PDF would show."""
    parts, outside, position = [], [], 0
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        outside.append(pdf[position : match.start()])
        position = match.end()
        try:
            parts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    outside.append(pdf[position:])
    return [b"".join(outside), *parts]


@pytest.mark.slow
def test_the_same_kit_gives_the_same_bytes_in_any_folder(tmp_path):
    first = kit_with_logo_and_font(tmp_path / "first place" / "riverbend")
    second = kit_with_logo_and_font(tmp_path / "elsewhere-entirely" / "our kit")
    for kit in (first, second):
        result = run("build", "--kit", kit)
        assert result.exit_code == 0, result.output
    pdfs = sorted(p.name for p in (first / "build" / "en").glob("*.pdf"))
    assert len(pdfs) == 12  # six products (the bad date sheet and report form too), two each
    # Names that would give away where and by whom it was built; very short ones (a host
    # called "vm") turn up by chance in font data, so they are left out.
    private = [str(tmp_path), "first place", "elsewhere-entirely", getpass.getuser()]
    private += [socket.gethostname(), str(Path.home())]
    private = [name.encode() for name in private if len(name) >= 4]
    for name in pdfs:
        data = (first / "build" / "en" / name).read_bytes()
        assert data == (second / "build" / "en" / name).read_bytes(), name
        for part in readable_parts(data):
            for word in private:
                assert word not in part, (name, word)
        assert b"/CreationDate" not in data and b"/ModDate" not in data
        assert b"/ID" in data


# --- the print PDF's version ---------------------------------------------------------------


def version(pdf: bytes) -> tuple[int, int]:
    header = re.match(rb"%PDF-(\d)\.(\d)\r?\n", pdf)
    assert header, pdf[:20]
    return int(header.group(1)), int(header.group(2))


def test_print_pdfs_declare_the_reading_pdfs_version(builtin_booklets, fixed_products):
    for result in all_results(builtin_booklets, fixed_products):
        reading = result.target.reading_pdf.read_bytes()
        printed = result.target.print_pdf.read_bytes()
        assert version(printed) == version(reading) == (1, 7), result.target.print_pdf.name
        if b"/SMask" in b"".join(readable_parts(printed)) or b"/CA " in printed:
            assert version(printed) >= (1, 4)


def test_a_print_pdf_is_never_older_than_transparency():
    from io import BytesIO

    from pypdf import PdfWriter

    from zinegen.impose import impose_pdf

    writer = PdfWriter()  # pypdf says PDF 1.3
    for _ in range(2):
        writer.add_blank_page(width=252, height=144)
    old = BytesIO()
    writer.write(old)
    assert version(old.getvalue()) == (1, 3)
    printed = impose_pdf(old.getvalue(), "nup-mirrored-back", (612, 792), (2, 5)).pdf
    assert version(printed) == (1, 4)
    assert printed == impose_pdf(old.getvalue(), "nup-mirrored-back", (612, 792), (2, 5)).pdf
    assert PdfReader(BytesIO(printed)).trailer["/ID"][0] != b""
