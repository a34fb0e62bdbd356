"""The built-in words, read back from the PDFs: discreet outsides, a number that answers,
the health facts where they must be, no borrowed authorship, review dates and a colophon."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pdfcheck import runs
from pypdf import PdfReader

from zinegen.kit import builtin_dir, load_kit
from zinegen.kit.sections import parse_section

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content" / "en"
SEEDS = ROOT.parent / "shared" / "seeds"  # beside the checkout while the project is worked on

# The words the issue names, and a few like them, written out here rather than taken from
# zinegen, so the test does not trust the code it checks.
OUTING = re.compile(
    r"sex[\s-]*work|sex[\s-]*trade|\bclients?\b|\bcustomers?\b|condom|\blube\b|bad[\s-]+date"
    r"|escort|prostitut",
    re.IGNORECASE,
)
# Faces that show from outside, 0-based pages of each reading PDF.
OUTSIDE = {"trifold": (0, 4, 5), "card": (0,), "zine": (0, 7)}
AUTHORSHIP = re.compile(
    r"by and for sex workers|by us,? for us|real tips from sex workers|by and for our community"
    r"|for sex workers, by",
    re.IGNORECASE,
)


def page_texts(path: Path) -> list[str]:
    """Each page's text, spaces collapsed and typographic apostrophes made plain."""
    return [
        " ".join((page.extract_text() or "").replace("’", "'").split())
        for page in PdfReader(path).pages
    ]


@pytest.fixture(scope="module")
def texts(fixed_products, builtin_booklets):
    """{product: [page text]} of the built-in reading PDFs (letter)."""
    found = {
        name: page_texts(fixed_products[name, "letter"].target.reading_pdf)
        for name in ("trifold", "card", "zine")
    }
    found["booklet"] = page_texts(builtin_booklets["letter"].target.reading_pdf)
    return found


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("product", sorted(OUTSIDE))
def test_outside_faces_carry_no_revealing_word(fixed_products, product, paper):
    pages = page_texts(fixed_products[product, paper].target.reading_pdf)
    for index in OUTSIDE[product]:
        assert pages[index], (product, index)  # the face has text to check
        assert not OUTING.findall(pages[index]), (product, index + 1, pages[index])


def test_the_inside_still_says_what_it_must(texts):
    inside = " ".join(texts["trifold"][1:4])
    for word in ("sex workers", "condoms", "bad date", "client"):
        assert word in inside.lower(), word
    assert "condoms" in texts["card"][1].lower()  # the card's back is private


def test_the_card_back_has_a_number_that_answers(fixed_products):
    path = fixed_products["card", "letter"].target.reading_pdf
    back = PdfReader(path).pages[1]
    phone = [run for run in runs(back) if "555-0100" in run.text]
    assert phone, "the phone number is not on the card back"
    assert all(run.size >= 11 for run in phone), [run.size for run in phone]
    assert all("Bold" in run.font for run in phone), [run.font for run in phone]
    text = page_texts(path)[1]
    assert "Text 555-0101" in text
    assert "example.org" in text and "https://" not in text  # the short address, by the code
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[1].render(scale=300 / 72).to_pil()
    pdf.close()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == ["https://example.org/"]


@pytest.mark.parametrize("product", ["trifold", "zine", "booklet"])
def test_pep_and_its_72_hours_are_printed(texts, product):
    text = " ".join(texts[product])
    assert re.search(r"\bPEP\b", text) and "72 hours" in text


def test_prep_is_never_offered_as_an_after_the_fact_option():
    """Where PrEP comes up beside a missing or broken condom, the line says it works only
    for someone already taking it."""
    for path in CONTENT.glob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "PrEP" in line and re.search(
                r"no condom|broke|without one|after sex|afterwards", line, re.I
            ):
                assert re.search(r"already|before sex|as prescribed", line), (path.name, line)


def test_the_booklet_has_the_full_health_facts(texts):
    booklet = " ".join(texts["booklet"])
    for fact in (
        "Emergency contraception",
        "Oil-based",
        "can still pass other STIs",
        "naloxone",
        "Don't use alone",
        "I do not consent to a search",
        "Am I free to go?",
        "undercover",
        "immigration",
        "trifold",  # the provider section points at the materials to hand out
    ):
        assert fact.lower() in booklet.lower(), fact


def test_no_authorship_claim_anywhere(texts):
    for product, pages in texts.items():
        assert not AUTHORSHIP.search(" ".join(pages)), product
    for path in CONTENT.glob("*.md"):
        assert not AUTHORSHIP.search(path.read_text(encoding="utf-8")), path.name
    assert not AUTHORSHIP.search((ROOT / "zine.toml").read_text(encoding="utf-8"))


def test_no_link_shorteners_in_builtin_content():
    shorteners = re.compile(r"tinyurl|bit\.ly|goo\.gl|ow\.ly|t\.co/|is\.gd|buff\.ly", re.I)
    for path in [*CONTENT.glob("*.md"), ROOT / "zine.toml"]:
        assert not shorteners.search(path.read_text(encoding="utf-8")), path.name


def test_every_builtin_section_is_printed_by_some_product():
    kit = load_kit(builtin_dir())
    used = {s for product in kit.products.values() for s in product.sections}
    made = {"bad-dates"}  # made from the kit's baddates.yaml, not written
    assert {path.stem for path in CONTENT.glob("*.md")} == used - made


def test_every_builtin_section_is_reviewed_and_not_in_the_future():
    sections = [parse_section(path, "en") for path in sorted(CONTENT.glob("*.md"))]
    assert len(sections) > 20
    for section in sections:
        assert section.reviewed is not None, section.id
        assert section.reviewed <= dt.date.today(), section.id


def test_the_testimony_does_not_give_the_worker_a_gender():
    text = (CONTENT / "barriers-to-care.md").read_text(encoding="utf-8")
    story = text.split("## One person's experience")[1].split("##")[0]
    # "she" is the therapist in the seed, and only the therapist.
    for sentence in re.split(r"(?<=\.)\s+", story):
        if re.search(r"\b(she|her)\b", sentence, re.I):
            assert "therapist" in sentence, sentence
    assert re.search(r"\bthey\b", story)


def test_decriminalization_is_attributed_not_asserted():
    text = (CONTENT / "human-rights.md").read_text(encoding="utf-8")
    for model in ("Criminalization", "Legalization", "Decriminalization"):
        assert f"**{model}.**" in text
    call = next(p for p in text.split("\n\n") if "supports the decriminalization" in p)
    assert "National Harm Reduction Coalition" in call and "In its view" in call


@pytest.mark.parametrize("product", ["booklet", "trifold"])
def test_the_colophon_prints(texts, product):
    last = texts[product][-1]  # the booklet's back cover, the trifold's back panel
    ids = load_kit(builtin_dir()).products[product].sections  # every panel's, for a trifold
    oldest = min(parse_section(CONTENT / f"{s}.md", "en").reviewed for s in ids)
    assert f"Last reviewed {oldest:%B %Y}." in last
    assert "CC BY 4.0" in last
    assert "General information, not medical or legal advice." in last


def test_zine_pages_are_filled(fixed_products):
    """Pages 2 to 7 carry text down to at least 70 % of the page, not 60 %."""
    reader = PdfReader(fixed_products["zine", "letter"].target.reading_pdf)
    for number, page in enumerate(reader.pages[1:7], start=2):
        height = float(page.mediabox.height)
        lowest = min(run.y for run in runs(page))
        assert (height - lowest) / height >= 0.70, (number, lowest, height)


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_worker_product_type_sizes(fixed_products, paper):
    trifold = PdfReader(fixed_products["trifold", paper].target.reading_pdf)
    inside = [run.size for page in trifold.pages[1:4] for run in runs(page)]
    assert min(inside) >= 10 - 0.05  # every line inside, headings and body
    card = PdfReader(fixed_products["card", paper].target.reading_pdf)
    assert min(run.size for run in runs(card.pages[1])) >= 8.5 - 0.05


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside this checkout")
def test_no_twelve_word_run_of_the_seeds():
    def words(text: str) -> list[str]:
        text = re.sub(r"<?https?://\S+", " ", text)  # addresses are references, not prose
        return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))

    def runs_of(items: list[str], n: int = 12) -> set[tuple[str, ...]]:
        return {tuple(items[i : i + n]) for i in range(len(items) - n + 1)}

    seed_runs = set().union(*(runs_of(words(p.read_text())) for p in SEEDS.glob("*.txt")))
    for path in CONTENT.glob("*.md"):
        if path.name == "sources.md":  # the reference list names the seeds' own titles
            continue
        copied = runs_of(words(path.read_text(encoding="utf-8"))) & seed_runs
        assert not copied, (path.name, [" ".join(run) for run in copied][:3])
