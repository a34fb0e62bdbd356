"""Preflight: no character reaches the PDF in a font that is not declared."""

from __future__ import annotations

from io import BytesIO

import pytest
from conftest import MINIMAL_TOML, run
from pypdf import PdfReader

from zinegen.kit import builtin_dir, load_kit
from zinegen.preflight import check_embedded_fonts, covered


def test_the_bundled_font_covers_latin_and_typographic_punctuation():
    have = covered(load_kit(builtin_dir()).fonts)
    for ch in "AZaz09éñüçøß“”‘’–—…•€":
        assert ord(ch) in have, ch
    assert ord("Ж") not in have


def test_characters_the_fonts_lack_fail_the_build_naming_them(make_kit, tmp_path):
    body = "Words in English.\n\nΕλπίδα means hope.\n"
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": f"---\nid: hello\ntitle: Hello\n---\n{body}",
        }
    )
    out = tmp_path / "out"
    result = run("build", "--kit", str(kit), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert "hello.md:7: section 'hello' uses" in result.output
    assert "'Ε' (U+0395)" in result.output and "'λ' (U+03BB)" in result.output
    assert "[[fonts]]" in result.output
    assert not out.exists()


def test_control_and_private_use_characters_are_checked_too(make_kit, tmp_path):
    """Without a glyph they print as empty boxes, like any other character."""
    body = "A C1 control \u0087 here.\n\nA private-use \ue000 there.\n"
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": f"---\nid: hello\ntitle: Hi\n---\n{body}",
        }
    )
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "hello.md:5: section 'hello' uses U+0087, U+E000, which the fonts" in result.output


def test_a_picture_name_with_a_nul_byte_is_no_such_file(make_kit, tmp_path):
    body = "![x](a%00b.png)\n"
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": f"---\nid: hello\ntitle: Hi\n---\n{body}",
        }
    )
    result = run("check", "--kit", kit)
    assert result.exit_code == 2, result.output
    assert "there is no such file" in result.output


def test_the_title_is_checked_too(make_kit, tmp_path):
    toml = MINIMAL_TOML.replace('title = "Test booklet"', 'title = "Безопасность"')
    kit = make_kit({"zine.toml": toml, "content/en/hello.md": "---\nid: hello\ntitle: Hi\n---\n"})
    result = run("build", "--kit", str(kit), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "zine.toml:10: the title or organization uses" in result.output


@pytest.mark.parametrize(
    ("css", "line", "shown"),
    [
        ('p { color: black; }\np::before { content: "\\2603  "; }\n', 2, "'☃' (U+2603)"),
        ('ul { list-style-type: "Ж "; }\n', 1, "'Ж' (U+0416)"),
        ('h1::after { content: " \\1F6A8"; }\n', 1, "'🚨' (U+1F6A8)"),
    ],
)
def test_characters_a_stylesheet_adds_are_checked_too(make_kit, tmp_path, css, line, shown):
    section = "---\nid: hello\ntitle: Hello\n---\nWords.\n\n- a list\n"
    kit = make_kit({"zine.toml": MINIMAL_TOML, "content/en/hello.md": section, "extra.css": css})
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert f"extra.css:{line}: a stylesheet adds {shown}, which the fonts" in said
    assert "system font" not in said  # the one cause, said once
    assert not (tmp_path / "out").exists()


def test_a_stylesheet_weasyprint_trips_on_is_named(make_kit, tmp_path):
    """WeasyPrint 70 raises a TypeError on generated content in ::marker; a kit's CSS that
    makes it stop is named as the likely cause (exit 2), not reported as a zinegen bug."""
    section = "---\nid: hello\ntitle: Hello\n---\nWords.\n\n- a list\n"
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": section,
            "extra.css": 'li::marker { content: "* "; }\n',
        }
    )
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "extra.css: WeasyPrint could not lay out the booklet with the kit's own file" in said
    assert "undo the last change to it" in said and "Traceback" not in said


def test_characters_a_layout_template_prints_are_checked(make_kit, tmp_path):
    template = (builtin_dir() / "layouts" / "booklet" / "layout.html").read_text()
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": "---\nid: hello\ntitle: Hello\n---\nWords.\n",
            "layouts/booklet/layout.html": template.replace(
                "{% block body %}", "{% block body %}<p>Ж</p>", 1
            ),
        }
    )
    assert "{% block body %}<p>Ж</p>" in (kit / "layouts/booklet/layout.html").read_text()
    result = run("build", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "layouts/booklet/layout.html: the layout prints 'Ж' (U+0416)" in said


def test_a_system_font_in_the_pdf_is_caught():
    from weasyprint import HTML

    fonts = load_kit(builtin_dir()).fonts
    pdf = HTML(string="<p style='font-family: sans-serif'>Plain words</p>").write_pdf()
    if not PdfReader(BytesIO(pdf)).pages[0]["/Resources"].get("/Font"):
        pytest.skip("this machine has no system font to fall back to")
    problems = check_embedded_fonts(pdf, fonts, builtin_dir() / "zine.toml")
    assert problems, "a sans-serif system font should not pass as Atkinson Hyperlegible"
    assert "system font" in problems[0].message


def test_a_back_cover_that_spills_over_fails_with_its_length(make_kit, tmp_path):
    toml = MINIMAL_TOML.replace('back_cover = ""', 'back_cover = "refs"')
    items = "\n".join(f"- Reference number {n}, with a few words." for n in range(60))
    kit = make_kit(
        {
            "zine.toml": toml,
            "content/en/hello.md": "---\nid: hello\ntitle: Hi\n---\nWords.\n",
            "content/en/refs.md": f"---\nid: refs\ntitle: References\n---\n{items}\n",
        }
    )
    result = run("build", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1, result.output
    assert "the back cover of the booklet runs to 2 pages" in result.output
    assert "section 'refs' (content/en/refs.md)" in result.output
    assert "mm too long" in result.output
    assert not (tmp_path / "o").exists()


def test_a_kit_s_fonts_toml_is_never_read(make_kit, tmp_path):
    """Kit fonts are files inside the kit, declared in zine.toml: a fonts.toml in a kit, which
    could name a Python module or a path outside, is ignored."""
    kit = make_kit(
        {
            "zine.toml": MINIMAL_TOML,
            "content/en/hello.md": "---\nid: hello\ntitle: Hi\n---\nWords.\n",
            "fonts/fonts.toml": '[[face]]\nfamily = "X"\nfile = "/etc/passwd"\npackage = "os"\n',
        }
    )
    result = run("build", "--kit", str(kit), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    from zinegen.kit import load_kit

    assert {face.family for face in load_kit(kit).fonts} == {"Atkinson Hyperlegible"}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<p>{{ product.title }}</p>", "template lays out none"),
        (
            '{% extends "fixed.html" %}{% block body %}<section id="box-1" class="box">x'
            "</section>{% endblock %}",
            "template lays out box-1",
        ),
        (
            '{% extends "fixed.html" %}{% block body %}'
            + '<section id="box-1" class="box">x</section>' * 2
            + '<section id="box-2" class="box">y</section>{% endblock %}',
            "lays out box-1 more than once",
        ),
    ],
)
def test_a_kit_layout_without_its_box_markers_is_named(make_kit, template, expected):
    toml = MINIMAL_TOML.replace(
        '[products.booklet]\nlayout = "booklet"\ntitle = "Test booklet"\nsections = ["hello"]\n'
        'back_cover = ""\n',
        '[products.card]\nlayout = "card"\ntitle = "Card"\npanels = [["hello"], []]\n',
    )
    kit = make_kit(
        {
            "zine.toml": toml,
            "content/en/hello.md": "---\nid: hello\ntitle: Hello\n---\nHi.\n",
            "layouts/card/layout.html": template,
        }
    )
    result = run("build", "--kit", kit)
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "layouts/card/layout.html: the card layout" in out
    assert expected in out
