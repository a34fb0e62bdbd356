"""zine.toml validation: every mistake named with its file, key and line, exit code 2."""

from __future__ import annotations

import re
import textwrap

import pytest
from conftest import HELLO_SECTION, MINIMAL_TOML, run

from zinegen.errors import ZinegenError
from zinegen.kit import builtin_dir, load_kit


def kit_with_toml(make_kit, toml: str):
    return make_kit({"zine.toml": toml, "content/en/hello.md": HELLO_SECTION})


def test_the_builtin_kit_is_valid():
    kit = load_kit(builtin_dir())
    assert kit.languages == ("en", "es")
    assert kit.products["booklet"].layout == "booklet"
    assert kit.products["booklet"].sections[-1] == "sources"
    assert kit.products["booklet"].back_cover is None  # the contact block and colophon
    assert {face.family for face in kit.fonts} == {"Atkinson Hyperlegible"}
    assert all(face.path.is_file() for face in kit.fonts)


def test_malformed_toml_is_one_clear_line(make_kit):
    kit = kit_with_toml(make_kit, MINIMAL_TOML.replace('title = "Test booklet"', "title = Test"))
    result = run("build", "--kit", str(kit))
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert first.startswith(f"error: {kit / 'zine.toml'}:10: zine.toml is not valid TOML")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("sections = [", "sectons = ["),
            ["zine.toml:11: unknown key 'products.booklet.sectons'", "did you mean 'sections'?"],
        ),
        (
            ('["hello"]', '["hello", "helo"]'),
            ["there is no section 'helo'", "did you mean 'hello'?"],
        ),
        (('["hello"]', '["hello", "hello"]'), ["'hello' is listed twice"]),
        (('layout = "booklet"', 'layout = "poster"'), ["'poster', which is not a layout"]),
        (('languages = ["en"]', 'languages = "en"'), ["zine.toml:2: 'languages' should be a list"]),
        (('languages = ["en"]', "languages = []"), ["'languages' is empty"]),
        (('name = "Test Outreach"\n', ""), ["'organization.name' is missing in [organization]"]),
        (
            (
                '[products.booklet]\nlayout = "booklet"\ntitle = "Test booklet"\n',
                '[products.guide]\nlayout = "booklet"\n',
            ),
            ["'products.guide.title' is missing"],
        ),
        (
            (
                '[products.booklet]\nlayout = "booklet"\ntitle = "Test booklet"\n'
                'sections = ["hello"]\n',
                '[products.guide]\nlayout = "booklet"\ntitle = "Guide"\n',
            ),
            ["needs either 'sections' (a booklet) or 'panels'"],
        ),
        (
            ('sections = ["hello"]', 'sections = ["hello"]\npanels = [["hello"]]'),
            ["and not both"],
        ),
        (
            ('sections = ["hello"]', 'panels = [["hello"], ["helo"]]'),
            ["'products.booklet.panels[1][0]': there is no section 'helo'"],
        ),
        (
            ('sections = ["hello"]', 'panels = [["hello"], [3]]'),
            ["'products.booklet.panels[1][0]' should be a section id"],
        ),
        (
            ('languages = ["en"]', 'languages = ["en"]\npaper = "legal"'),
            ["'paper' is 'legal'; it must be one of: letter, a4"],
        ),
        (("[products.booklet]", '[products."../../evil"]'), ["the product name '../../evil'"]),
        (('["en"]', '["../x"]'), ["'languages' has '../x'", "such as en, es or pt-BR"]),
        (('["en"]', '["en", "en"]'), ["'languages' lists 'en' twice"]),
        (('title = "Test booklet"', 'title = " "'), ["'products.booklet.title' is empty"]),
        (('sections = ["hello"]', "sections = []"), ["'products.booklet.sections' is empty"]),
        (
            ('back_cover = ""', 'back_cover = "hello"'),
            ["the section 'hello' is also in the product's sections"],
        ),
        (
            ('sections = ["hello"]', 'sections = ["hello"]\ncover_image = "cover.png"'),
            ["the cover image 'cover.png' is not in the kit"],
        ),
    ],
)
def test_each_kind_of_mistake_is_named(make_kit, change, expected):
    kit = kit_with_toml(make_kit, MINIMAL_TOML.replace(*change))
    result = run("build", "--kit", str(kit))
    assert result.exit_code == 2, result.output
    assert "zine.toml" in result.output
    for text in expected:
        assert text in result.output


def test_all_problems_are_reported_at_once(make_kit):
    toml = (
        MINIMAL_TOML.replace("sections", "sectons")
        .replace('name = "Test kit"', "nam = 1")
        .replace('languages = ["en"]', "languages = []")
        .replace("[products.booklet]", "[products.guide]")  # not a built-in: nothing inherited
    )
    with pytest.raises(ZinegenError) as caught:
        load_kit(kit_with_toml(make_kit, toml))
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 4, messages  # nam, languages empty, sectons, sections missing


def test_a_folder_without_zine_toml_is_not_a_kit(tmp_path):
    result = run("build", "--kit", str(tmp_path))
    assert result.exit_code == 2
    assert "has no zine.toml" in result.output


def test_a_missing_kit_folder(tmp_path):
    result = run("list", "--kit", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_byte_order_mark_is_fine(make_kit):
    kit = kit_with_toml(make_kit, "\ufeff" + MINIMAL_TOML)
    assert load_kit(kit).name == "Test kit"


def test_a_kit_without_products_says_so(make_kit):
    toml = MINIMAL_TOML.split("[products.booklet]")[0]
    result = run("build", "--kit", str(kit_with_toml(make_kit, toml)))
    assert result.exit_code == 2
    assert "the kit has no products" in result.output


def test_the_kit_is_found_from_a_subfolder(make_kit, monkeypatch):
    kit = kit_with_toml(make_kit, MINIMAL_TOML)
    monkeypatch.chdir(kit / "content" / "en")
    assert load_kit().root == kit.resolve()


def test_a_kit_inherits_the_builtin_products_and_changes_what_it_says(make_kit):
    toml = MINIMAL_TOML.split("[products.booklet]")[0] + (
        '[products.booklet]\ntitle = "Our booklet"\nsections = ["hello", "principles"]\n\n'
        '[products.flyer]\nlayout = "trifold"\ntitle = "Flyer"\n'
        'panels = [["hello"], [], [], [], [], []]\n\n[products.card]\n'
    )
    kit = load_kit(kit_with_toml(make_kit, toml))
    booklet = kit.products["booklet"]
    assert (booklet.title, booklet.layout, booklet.sections) == (
        "Our booklet",
        "booklet",
        ("hello", "principles"),
    )
    assert booklet.subtitle == "A guide for providers and allies"  # inherited
    assert kit.products["card"] == load_kit(builtin_dir()).products["card"]  # named, as it is
    assert set(kit.products) == {"booklet", "flyer", "card"}  # only what the kit names


def test_eight_mistakes_in_six_files_are_all_reported_once_in_one_run(make_kit):
    """zine.toml (2), [[fonts]] (2), two sections, resources and extra.css: one run says
    all of them."""
    toml = textwrap.dedent(
        """\
        languages = ["en"]

        [organization]
        name = "Seven Mistakes Outreach"
        phone = "(312) 867-2200"

        [theme]
        accent = "#zzzzzz"

        [[fonts]]
        family = "Our Face"
        file = "fonts/missing.ttf"
        licence = "fonts/OFL.txt"

        [[fonts]]
        family = "Broken Face"
        file = "fonts/broken.ttf"
        licence = "fonts/OFL.txt"

        [products.card]
        titel = "Card"
        panels = [["one"], ["local-resources"]]
        """
    )
    kit = make_kit(
        {
            "zine.toml": toml,
            "fonts/OFL.txt": "licence",
            "fonts/broken.ttf": "not a font",
            "content/en/one.md": "---\nid: one\ntitle: One\nauthor: me\n---\nHi.\n",
            "content/en/two.md": "---\nid: two\ntitle: Two\nreviewed: 2026-13\n---\nHi.\n",
            "resources.yaml": "- name: Line\n  category: hotlin\n",
            "extra.css": "p {\n  colr: red;\n}\n",
        }
    )
    result = run("check", "--kit", kit)
    assert result.exit_code == 2
    out = result.output
    expected = [
        r"zine\.toml:8: 'theme\.accent' is '#zzzzzz', not a colour",
        r"zine\.toml:12: 'fonts\[0\]\.file': the file 'fonts/missing\.ttf' is not in the kit",
        r"zine\.toml:17: 'fonts\[1\]\.file': 'fonts/broken\.ttf' cannot be read as a font",
        r"zine\.toml:21: unknown key 'products\.card\.titel'",
        r"content/en/one\.md:4: unknown front matter key 'author'",
        r"content/en/two\.md:4: 'reviewed' is '2026-13', not a month",
        r"resources\.yaml:2: entry 1 \(\"Line\"\): category 'hotlin' is not one I know",
        r"extra\.css:2: the stylesheet ignores `colr: red`",
    ]
    for pattern in expected:
        assert len(re.findall(pattern, out)) == 1, (pattern, out)
    said = [line for line in out.splitlines() if line.startswith(("error:", "  warning:"))]
    assert len(said) == len(expected), said  # nothing else, nothing twice
    assert "rendering" not in out and "checking card" not in out  # nothing laid out
