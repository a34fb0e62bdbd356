"""Checks on what a kit's words say: discreet outsides, review dates, reading grade,
contacts and the colophon."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest
from conftest import run
from pypdf import PdfReader

from zinegen.compose import colophon_lines
from zinegen.kit import builtin_dir, load_kit
from zinegen.kit.sections import parse_section
from zinegen.model import Section
from zinegen.words import reading_sentences, word_pattern

THIS_MONTH = f"{dt.date.today():%Y-%m}"

CARD_KIT = """\
name = "Card kit"
languages = ["en"]

[organization]
name = "Eastside Health Collective"
phone = "(312) 867-2200"
text = "(312) 867-2201"
url = "https://eastside-collective.org/help"

[products.card]
layout = "card"
title = "Card"
panels = [["front"], ["back"]]
"""


def section(section_id: str, body: str, reviewed: str = THIS_MONTH, audience="workers") -> str:
    lines = [f"id: {section_id}", f"title: {section_id.title()}", f"audience: {audience}"]
    lines += [f"reviewed: {reviewed}"] if reviewed else []
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


@pytest.fixture
def card_kit(make_kit):
    """A kit with a card whose front and back say what the test asks."""

    def make(front: str, back: str = "Call us.", toml: str = CARD_KIT, **front_meta):
        return make_kit(
            {
                "zine.toml": toml,
                "content/en/front.md": section("front", front, **front_meta),
                "content/en/back.md": section("back", back),
            }
        )

    return make


# --- outside faces -------------------------------------------------------------------------


def test_an_old_review_and_a_revealing_word_on_a_card_front(card_kit):
    kit = card_kit("- Carry your own condoms.\n- Trust your gut.", reviewed="2020-01")
    result = run("check", "card", "--kit", kit)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    # The failure names the face, the word and the section, with its file and line.
    assert re.search(
        r"content/en/front\.md:8: card: front shows from outside and says \"condoms\" "
        r"\(in section 'front'\)",
        out,
    ), out
    assert "set discreet = false under [products.card]" in out
    # The warning names the section and how old its review is.
    assert "content/en/front.md:5: the section 'front' was last reviewed 2020-01" in out
    assert f"'reviewed: {THIS_MONTH}'" in out


def test_the_back_of_a_card_may_say_it(card_kit, tmp_path):
    kit = card_kit("Trust your gut.", back="Free condoms and lube from the van.")
    result = run("build", "card", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output


def test_discreet_false_allows_it(card_kit):
    toml = CARD_KIT.replace('title = "Card"', 'title = "Card"\ndiscreet = false')
    kit = card_kit("Sex workers: carry your own condoms.", toml=toml)
    result = run("check", "card", "--kit", kit)
    assert result.exit_code == 0, result.output


def test_words_match_in_any_case_with_endings_and_hyphens():
    assert word_pattern("sex work*").search("For SEX-WORKERS only")
    assert word_pattern("condom").search("Condoms here")
    assert word_pattern("client").search("clients")
    assert not word_pattern("client").search("ingredients")
    assert not word_pattern("lube").search("lubed up")  # no * : only plural endings
    assert word_pattern("bad date").search("a bad\u2011date list")


@pytest.mark.parametrize(
    ("front", "word"),
    [
        ("Care for sex-\nworkers", "sex-workers"),  # one paragraph, over two source lines
        (
            "A long line of words about sex-workers that must break at its hyphen here",
            "sex-workers",
        ),
        ("Take con&shy;doms", "condoms"),  # a soft hyphen does not hide a word
        (
            "Take con\u00addoms, con\u00addoms, con\u00addoms, con\u00addoms and con\u00addoms",
            "condoms",
        ),
    ],
)
def test_words_broken_across_lines_are_still_found(card_kit, front, word):
    kit = card_kit(front)
    result = run("check", "card", "--kit", kit)
    out = " ".join(result.output.split())
    if word is None:
        assert result.exit_code == 0, out
        return
    assert result.exit_code == 1, out
    assert (
        f'says "{word}"' in out
        and "content/en/front.md:8:" in out
        and "(in section 'front')" in out
    ), out


def test_paragraphs_do_not_run_into_each_other(card_kit):
    kit = card_kit("Safer sex\n\nWork with a buddy.")
    assert run("check", "card", "--kit", kit).exit_code == 0


def test_a_contact_url_that_says_it_is_named(card_kit):
    toml = CARD_KIT.replace("https://eastside-collective.org/help", "https://bad-date-list.org/")
    result = run("check", "card", "--kit", card_kit("Hi.", toml=toml))
    assert result.exit_code == 0  # the card's back may say it
    zine = toml.replace(
        "[products.card]",
        '[products.zine]\nlayout = "zine"\ntitle = "Z"\n'
        'panels = [["front"], [], [], [], [], [], [], ["back"]]\n\n[products.card]',
    )
    result = run("check", "zine", "--kit", card_kit("Hi.", toml=zine))
    out = " ".join(result.output.split())
    assert result.exit_code == 1
    assert re.search(
        r"zine\.toml:8: zine: page 8 .* \"bad-date\" \(zine.toml's organization\.url\)", out
    )
    assert "change organization.url in zine.toml" in out


def test_a_builtin_section_on_an_outside_face_says_to_copy_it(card_kit):
    toml = CARD_KIT.replace(
        'panels = [["front"], ["back"]]', 'panels = [["card-bad-dates"], ["back"]]'
    )
    out = " ".join(run("check", "card", "--kit", card_kit("Hi.", toml=toml)).output.split())
    assert "(in section 'card-bad-dates')" in out
    assert "a built-in section: copy it to your kit's content/en/ and edit the copy" in out


def test_the_title_and_organization_are_checked_with_their_line(card_kit, make_kit):
    toml = CARD_KIT.replace("Eastside Health Collective", "Eastside Sex Worker Collective")
    toml = toml.replace(
        "[products.card]",
        '[products.zine]\nlayout = "zine"\n'
        'title = "Zine"\npanels = [["front"], [], [], [], [], [], [], ["back"]]'
        "\n\n[products.card]",
    )
    kit = card_kit("Trust your gut.", toml=toml)
    result = run("check", "zine", "--kit", kit)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert 'zine.toml:5: zine: page 1 shows from outside and says "sex worker"' in out
    assert "(zine.toml's organization.name)" in out
    assert "zine: page 8 shows from outside" in out  # the contact block on the back


def test_a_kit_adds_revealing_words_for_its_language(card_kit):
    toml = (
        CARD_KIT + '\n[checks]\nrevealing_words.en = ["stroll"]\nrevealing_words.es = ["paseo"]\n'
    )
    kit = card_kit("Safe on the stroll. Un paseo.", toml=toml)
    result = run("check", "card", "--kit", kit)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert 'says "stroll"' in out
    assert "paseo" not in out  # another language's words apply to that language only


def test_other_languages_are_checked_for_english_words_and_their_own(card_kit, make_kit):
    toml = CARD_KIT.replace('languages = ["en"]', 'languages = ["en", "pt-BR"]')
    toml += '\n[checks]\nrevealing_words.pt = ["programa"]\n'
    kit = card_kit("Hi.", toml=toml)
    (kit / "content" / "pt-BR").mkdir()
    (kit / "strings").mkdir()  # the words layouts print, which zinegen has no Portuguese for
    (kit / "strings" / "pt-BR.toml").write_text((builtin_dir() / "strings" / "en.toml").read_text())
    (kit / "content" / "pt-BR" / "front.md").write_text(section("front", "Um programa seguro."))
    (kit / "content" / "pt-BR" / "back.md").write_text(section("back", "Oi."))
    out = " ".join(run("check", "card", "--kit", kit, "--lang", "pt-BR").output.split())
    assert 'says "programa"' in out  # pt's words apply to pt-BR
    (kit / "content" / "pt-BR" / "front.md").write_text(section("front", "Leve condoms."))
    out = " ".join(run("check", "card", "--kit", kit, "--lang", "pt-BR").output.split())
    assert 'says "condoms"' in out  # English words are checked in every language
    toml = CARD_KIT.replace('languages = ["en"]', 'languages = ["en", "es"]')
    kit = card_kit("Hi.", toml=toml)
    (kit / "content" / "es").mkdir()
    for name in ("front", "back"):
        (kit / "content" / "es" / f"{name}.md").write_text(section(name, "Hola."))
    out = " ".join(run("check", "card", "--kit", kit, "--lang", "es").output.split())
    assert "checked for English words only" not in out  # Spanish has words of its own
    (kit / "content" / "es" / "front.md").write_text(section("front", "Lleva condones."))
    out = " ".join(run("check", "card", "--kit", kit, "--lang", "es").output.split())
    assert 'says "condones"' in out
    toml = CARD_KIT.replace('languages = ["en"]', 'languages = ["en", "pt-BR"]')
    kit = card_kit("Hi.", toml=toml)  # the same folder as above, written again
    (kit / "content" / "pt-BR").mkdir(exist_ok=True)
    for name in ("front", "back"):
        (kit / "content" / "pt-BR" / f"{name}.md").write_text(section(name, "Oi."))
    out = " ".join(run("check", "card", "--kit", kit, "--lang", "pt-BR").output.split())
    assert "outside faces of 'pt-BR' products are checked for English words only" in out
    assert "revealing_words.pt-BR" in out


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ("review_months = 0", "'checks.review_months' is 0; give a number of months."),
        ("reading_grade = 40", "'checks.reading_grade' is 40; give a school grade from 1 to 20."),
        ('revealing_words.en = "stroll"', "'checks.revealing_words.en' should be a list"),
        ("revealing_word = []", "unknown key 'checks.revealing_word'"),
        ('reading_grade = "8"', "'checks.reading_grade' should be a number, not '8'"),
        ("review_months = 12.5", "'checks.review_months' should be a whole number, not 12.5"),
        ('revealing_words.en = ["*"]', "zine.toml:16: 'checks.revealing_words.en' should be"),
    ],
)
def test_checks_settings_mistakes(card_kit, checks, expected):
    kit = card_kit("Trust your gut.", toml=CARD_KIT + f"\n[checks]\n{checks}\n")
    result = run("check", "--kit", kit)
    assert result.exit_code == 2
    assert expected in " ".join(result.output.split())


# --- review dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewed", "expected"),
    [
        ("2026-13", "'reviewed' is '2026-13', not a month."),
        ("last year", "'reviewed' is 'last year', not a month."),
        ("2999-01", "'reviewed' is 2999-01, a month still to come."),
    ],
)
def test_a_bad_reviewed_date_names_file_and_line(card_kit, reviewed, expected):
    kit = card_kit("Trust your gut.", reviewed=reviewed)
    result = run("check", "--kit", kit)
    assert result.exit_code == 2
    assert f"content/en/front.md:5: {expected}" in " ".join(result.output.split())


def test_a_review_exactly_review_months_old_is_still_fresh(card_kit):
    today = dt.date.today()
    year, month = divmod(today.year * 12 + today.month - 1 - 12, 12)
    at_limit = f"{year}-{month + 1:02d}"
    assert "last reviewed" not in run("check", "--kit", card_kit("Hi.", reviewed=at_limit)).output
    year, month = divmod(today.year * 12 + today.month - 1 - 13, 12)
    past = f"{year}-{month + 1:02d}"
    assert "13 months ago" in run("check", "--kit", card_kit("Hi.", reviewed=past)).output


def test_a_full_date_counts_as_its_month(card_kit, tmp_path):
    kit = card_kit("Trust your gut.", reviewed=f"{dt.date.today():%Y-%m-%d}")
    result = run("build", "card", "--kit", kit, "--out", tmp_path / "out")
    assert result.exit_code == 0 and "warning:" not in result.output, result.output


def test_a_section_never_reviewed_warns_and_review_months_is_the_kit_s(card_kit):
    kit = card_kit("Trust your gut.", reviewed="")
    result = run("check", "--kit", kit)
    assert result.exit_code == 0
    assert "front.md: the section 'front' has no 'reviewed' date." in " ".join(
        result.output.split()
    )
    three_months_ago = dt.date.today().replace(day=1) - dt.timedelta(days=80)
    toml = CARD_KIT + "\n[checks]\nreview_months = 1\n"
    kit = card_kit("Trust your gut.", toml=toml, reviewed=f"{three_months_ago:%Y-%m}")
    out = " ".join(run("check", "--kit", kit).output.split())
    assert "the kit asks for a review every month." in out


# --- reading grade -------------------------------------------------------------------------

HARD = (
    "Comprehensive organizational accountability necessitates institutionalized "
    "participatory mechanisms facilitating representation of marginalized constituencies "
    "throughout programmatic implementation and evaluation."
)


@pytest.mark.slow
def test_check_reports_the_reading_grade_of_each_builtin_product():
    result = run("check")
    assert result.exit_code == 0, result.output
    grades = dict(re.findall(r"checking (\w+) .*\n\s+reading grade ([\d.]+)", result.output))
    assert set(grades) == {"booklet", "trifold", "card", "zine"}
    for product in ("trifold", "card", "zine"):
        assert float(grades[product]) <= 8, (product, grades[product])
    assert "booklet" in result.output and "not worker-facing" in result.output


def test_a_worker_product_above_the_kit_s_grade_warns(card_kit):
    kit = card_kit(HARD)
    result = run("check", "--kit", kit)
    assert result.exit_code == 0  # a warning, not a failure
    out = " ".join(result.output.split())
    assert re.search(r"card reads at grade [\d.]+, above the kit's reading_grade 8\.", out)
    assert "Hardest sections: front" in out


def test_a_provider_product_is_not_held_to_the_worker_grade(card_kit):
    kit = card_kit(HARD, audience="providers")
    out = " ".join(run("check", "--kit", kit).output.split())
    assert "not worker-facing" in out and "reads at grade" not in out


def test_reading_sentences_take_each_item_as_a_sentence():
    html = (
        "<h2>Before the date</h2><ul><li><strong>Use a buddy</strong> always</li>"
        "<li>See <a href='https://x.org/a'>https://x.org/a</a> or example.org.</li></ul>"
        "<p>Two sentences here. And here:</p>"
    )
    found = reading_sentences(Section("s", "S", html, "en", source=Path("s.md")))
    # an address reads as one short word, as a reader skims it
    assert found == ["Use a buddy always.", "See it or it.", "Two sentences here. And here."]


# --- contacts and colophon -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('phone = "call us"', "'organization.phone' is 'call us', not a phone number."),
        ('url = "eastside.org"', "'organization.url'"),
        ('url = "https://eastside.org/a b"', "has a space in it"),
    ],
)
def test_contact_mistakes_name_the_line(card_kit, setting, expected):
    key = setting.split(" =")[0]
    toml = re.sub(rf"^{key} = .*$", setting, CARD_KIT, flags=re.M)
    kit = card_kit("Trust your gut.", toml=toml)
    result = run("check", "--kit", kit)
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert expected in out and re.search(r"zine\.toml:\d+:", out), out


def test_the_same_number_for_calls_and_texts_prints_once(card_kit, tmp_path):
    toml = CARD_KIT.replace('"(312) 867-2201"', '"(312) 867-2200"')
    kit = card_kit("Trust your gut.", toml=toml)
    assert run("build", "--kit", kit, "--out", tmp_path / "o").exit_code == 0
    back = PdfReader(tmp_path / "o" / "en" / "card.pdf").pages[1].extract_text()
    assert "Call or text (312) 867-2200" in " ".join(back.split())
    assert "eastside-collective.org/help" in back


def test_example_contacts_warn_in_a_kit_not_in_the_builtin_one(card_kit, tmp_path):
    toml = CARD_KIT.replace("(312) 867-2200", "555-0100").replace(
        "https://eastside-collective.org/help", "https://example.org/"
    )
    out = " ".join(run("check", "--kit", card_kit("Hi.", toml=toml)).output.split())
    assert "[organization] phone 555-0100, url https://example.org/ are examples, not real." in out
    builtin = run("build", "card", "--out", tmp_path / "b").output
    assert "examples, not real" not in builtin


def test_a_kit_colophon_credits_the_builtin_text(make_kit, tmp_path):
    toml = textwrap.dedent(
        """\
        name = "K"
        languages = ["en"]
        [organization]
        name = "Eastside Health Collective"
        phone = "(312) 867-2200"
        [colophon]
        made_with = "Made with Eastside's peer advisory group."
        reviewed_by = "Reviewed by the Eastside peer advisory group."
        licence = "CC BY-SA 4.0"
        [products.trifold]
        """
    )
    kit = make_kit({"zine.toml": toml})
    result = run("build", "trifold", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    back = " ".join(
        PdfReader(tmp_path / "o" / "en" / "trifold.pdf").pages[5].extract_text().split()
    )
    for line in (
        "Eastside Health Collective. Last reviewed",
        "Made with Eastside's peer advisory group.",
        "Reviewed by the Eastside peer advisory group.",
        "Text: CC BY-SA 4.0.",
        "Includes text from zinegen, CC BY 4.0",
        "General information, not medical or legal advice.",
    ):
        assert line in back.replace("\u2019", "'"), line


def test_no_last_reviewed_while_a_printed_section_never_was(card_kit):
    kit = card_kit("Trust your gut.", reviewed="")
    loaded = load_kit(kit)
    sections = [parse_section(kit / "content/en" / f"{s}.md", "en") for s in ("front", "back")]
    lines = [line.text for line in colophon_lines(loaded, sections, loaded.strings["en"], "en")]
    assert lines[0] == "Eastside Health Collective."
    assert not any(line.startswith("Last reviewed") for line in lines)
    dated = [s for s in sections if s.reviewed]
    lines = [line.text for line in colophon_lines(loaded, dated, loaded.strings["en"], "en")]
    assert lines[:2] == ["Eastside Health Collective.", f"Last reviewed {dt.date.today():%B %Y}."]


def test_a_kit_template_from_before_contacts_still_builds(card_kit, tmp_path):
    """A kit's own copy of a layout that calls the contact block the old way."""
    kit = card_kit("Hi.")
    fixed = (builtin_dir() / "layouts" / "_shared" / "fixed.html").read_text()
    old = fixed.replace(
        'contact_block(organization, logo, reach, reach_qr, "contact-" ~ box.number)',
        "contact_block(organization, logo)",
    ).replace('{{ colophon_block(colophon, "colophon-" ~ box.number) }}', "")
    assert old != fixed
    (kit / "layouts" / "_shared").mkdir(parents=True)
    (kit / "layouts" / "_shared" / "fixed.html").write_text(old)
    result = run("build", "card", "--kit", kit, "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
