"""Addresses for paper and for screens: the printing and breaking rules, then real renders
read back with pypdf: every printed number and address is a link."""

from __future__ import annotations

import re
import textwrap

import pytest
from conftest import MINIMAL_TOML, run
from pdfcheck import runs
from pypdf import PdfReader

from zinegen.addresses import (
    BREAK,
    JOIN,
    address_html,
    breakable,
    find,
    linked_html,
    phone_href,
    printed,
    shown,
)
from zinegen.kit.sections import parse_section

# --- the rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.cdc.gov/", "cdc.gov"),
        ("http://steppingstonens.ca/", "steppingstonens.ca"),
        ("https://swp.urbanjustice.org/", "swp.urbanjustice.org"),
        ("https://aclu.org/know-your-rights", "aclu.org/know-your-rights"),
        ("mailto:help@example.org", "help@example.org"),
    ],
)
def test_printed_addresses_drop_the_scheme_and_www(url, expected):
    assert printed(url) == expected


def test_a_long_address_prints_as_its_site_name_and_author_words_stay():
    long = "https://www.heartlandalliance.org/wp-content/uploads/sites/20/2016/07/swop.pdf"
    assert shown(long) == "heartlandalliance.org"
    assert shown(long, long) == "heartlandalliance.org"  # the words are the address itself
    assert shown(long, "the SWOP slides") == "the SWOP slides"
    short = "https://harmreduction.org/issues/sex-work/"
    assert shown(short) == "harmreduction.org/issues/sex-work"


def test_an_address_breaks_only_after_a_slash_or_a_dot():
    text = breakable("harmreduction.org/about-us/principles-of-harm-reduction")
    # a break opportunity after each '/', none inside the short site name
    assert text.split(BREAK) == [
        "harmreduction.org/",
        f"about-{JOIN}us/",
        f"principles-{JOIN}of-{JOIN}harm-{JOIN}reduction",
    ]
    # every hyphen is joined to what follows, so it never ends a line
    assert all(text[i + 1] == JOIN for i, ch in enumerate(text) if ch == "-")
    long_host = breakable("harmreductionjournal.biomedcentral.com/articles/10.1186")
    assert long_host.split(BREAK)[:3] == ["harmreductionjournal.", "biomedcentral.", "com/"]
    for piece in long_host.split(BREAK)[:-1]:
        assert piece.endswith(("/", "."))


def test_numbers_become_tel_links_with_digits_only():
    assert phone_href("1-800-656-4673") == "tel:18006564673"
    assert phone_href("(555) 010-0199") == "tel:5550100199"
    assert phone_href("+1 555 0100") == "tel:+15550100"


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[start:end], href) for start, end, href, _ in find(text)]


def test_finds_numbers_addresses_and_emails_in_text():
    text = (
        "Call 911 or 988. RAINN: 800-656-4673, 1-800-656-4673, (555) 010-0199, "
        "+1 555 0100, 555-0100. See cdc.gov (and aclu.org/know-your-rights). "
        "Mail help@example.org or www.nlg.org/, https://example.org/a_(b)."
    )
    assert _found(text) == [
        ("911", "tel:911"),
        ("988", "tel:988"),
        ("800-656-4673", "tel:8006564673"),
        ("1-800-656-4673", "tel:18006564673"),
        ("(555) 010-0199", "tel:5550100199"),
        ("+1 555 0100", "tel:+15550100"),
        ("555-0100", "tel:5550100"),
        ("cdc.gov", "https://cdc.gov"),
        ("aclu.org/know-your-rights", "https://aclu.org/know-your-rights"),
        ("help@example.org", "mailto:help@example.org"),
        ("www.nlg.org/", "https://www.nlg.org/"),
        ("https://example.org/a_(b)", "https://example.org/a_(b)"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "reviewed 2026-11-01",
        "from 2006-2007",
        "about 10 000 people",
        "in 1911 and 9110",
        "0.4 mg, e.g. twice, i.e. often, version 1.2",
        "room 911-B",
        "a score of 112 or 999 points",
    ],
)
def test_dates_years_and_amounts_are_not_numbers_to_call(text):
    assert _found(text) == []


def test_short_codes_that_read_as_plain_numbers_need_a_verb():
    assert _found("In Australia call 000.") == [("000", "tel:000")]
    assert _found("dial 112 in Europe") == [("112", "tel:112")]


def test_plain_text_is_escaped_and_linked():
    html = linked_html("<b> Call 555-0100 & see example.org")
    assert html.startswith("&lt;b&gt; Call ")
    assert '<a class="address address-phone" href="tel:5550100">555-0100</a>' in html
    assert '&amp; see <a class="address" href="https://example.org">example.org</a>' in html


def test_resource_address_of_each_kind():
    assert 'href="mailto:a@b.org">a@b.org<' in address_html("mailto:a@b.org")
    assert 'href="tel:+15550100">+1 555 0100<' in address_html("tel:+1 555 0100", "+1 555 0100")


# --- Markdown sections -----------------------------------------------------------------

SECTION = """\
---
id: links
title: Links
---
Call 911. RAINN, 800-656-4673, is open. See cdc.gov or <help@example.org>.

- <https://www.heartlandalliance.org/wp-content/uploads/sites/20/2016/07/swop.pdf>
- [the CDC guide](https://www.cdc.gov/hiv/basics/index.html) for more.
- [https://rainn.org/](https://rainn.org/)
- [Call us](tel:555-0100)
- `555-0199 in code`
- [Find us online](qr:https://example.org/help)
"""


@pytest.fixture
def section(tmp_path):
    path = tmp_path / "links.md"
    path.write_text(SECTION, encoding="utf-8")
    return parse_section(path, "en")


def _links(html: str) -> list[tuple[str, str]]:
    """(href, printed text) of each link, the break marks removed."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html)
    return [(href, re.sub(f"[{BREAK}{JOIN}]", "", text)) for href, text in found]


def test_a_section_links_what_it_prints(section):
    links = _links(section.html)
    assert ("tel:911", "911") in links
    assert ("tel:8006564673", "800-656-4673") in links
    assert ("https://cdc.gov", "cdc.gov") in links
    assert ("mailto:help@example.org", "help@example.org") in links  # Markdown's own <e-mail>
    assert ("https://rainn.org/", "rainn.org") in links
    assert ("tel:555-0100", "Call us") in links  # the author's link keeps its target and words
    assert ("https://example.org/help", "example.org/help") in links  # beside the QR code
    assert "<code>555-0199 in code</code>" in section.html


def test_a_long_address_prints_its_site_name_and_in_full_for_the_sources(section):
    long = "https://www.heartlandalliance.org/wp-content/uploads/sites/20/2016/07/swop.pdf"
    links = _links(section.html)
    assert (long, "heartlandalliance.org") in links
    assert (long, "heartlandalliance.org/wp-content/uploads/sites/20/2016/07/swop.pdf") in links
    guide = "https://www.cdc.gov/hiv/basics/index.html"
    assert (guide, "the CDC guide") in links
    assert (guide, "cdc.gov/hiv/basics/index.html") in links  # in .full-address
    assert section.html.count('class="full-address"') == 2


# --- real renders ----------------------------------------------------------------------

# What a page prints that must be a link: numbers with separators or the short codes, and
# words ending in a domain. Written here apart from zinegen.addresses, so a pattern it
# misses shows.
PRINTED = re.compile(
    r"\+?\(?\d[\d ().-]{5,}\d|\b(?:911|988)\b|[\w.@-]+\.(?:org|gov|com|ca)\b[\w/.-]*"
)


def _annotations(page) -> list[tuple[str, tuple[float, ...]]]:
    found = []
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        uri = annot.get("/A", {}).get("/URI")
        if uri:
            found.append((str(uri), tuple(float(v) for v in annot["/Rect"])))
    return found


def _covers(uri: str, printed_text: str) -> bool:
    """Whether a link's target is what the text prints: the number, or an address of it."""
    digits = re.sub(r"[^\d+]", "", printed_text)
    if uri.startswith("tel:"):
        return uri == f"tel:{digits}"
    site = printed_text.split("/")[0].removeprefix("www.").rstrip(".")
    return site.lower() in uri.lower() or printed_text.strip("/.") in uri


def _check_linked(path) -> set[str]:
    """Every address or number a line prints has a link annotation on that line whose
    target is it (pypdf gives a line's text and its baseline); no line ends in a scheme.
    Returns every URI of the PDF."""
    reader, uris = PdfReader(path), set()
    for number, page in enumerate(reader.pages, start=1):
        annotations = _annotations(page)
        uris |= {uri for uri, _ in annotations}
        for line in page.extract_text().splitlines():
            assert not line.rstrip().endswith(("https://", "http://", "www.")), (number, line)
        for run_ in runs(page):
            on_line = [
                uri
                for uri, (_, y0, _, y1) in annotations
                if min(y0, y1) - 1 <= run_.y <= max(y0, y1) + 1  # WeasyPrint writes y0 > y1
            ]
            for match in PRINTED.finditer(run_.text):
                if re.fullmatch(r"[\d.]+", match.group(0).replace(" ", "")):
                    continue  # a version or a date, not a number to call
                assert any(_covers(uri, match.group(0)) for uri in on_line), (
                    f"{path.name} page {number}: {match.group(0)!r} in {run_.text!r} is not "
                    f"a link; links on that line: {on_line}"
                )
    return uris


def test_the_booklet_links_every_address_and_number(builtin_booklets):
    uris = _check_linked(builtin_booklets["letter"].target.reading_pdf)
    assert {"tel:911", "tel:8006564673", "tel:5550100", "https://cdc.gov"} <= uris
    assert "https://harmreduction.org/issues/sex-work/" in uris
    sources = PdfReader(builtin_booklets["letter"].target.reading_pdf).pages
    text = "".join(page.extract_text() for page in sources)
    # the sources section prints the long address in full, too
    assert "opensocietyfoundations.org/uploads/" in text
    assert "https://" not in text and "www." not in text


@pytest.mark.parametrize("product", ["trifold", "card"])
def test_fixed_products_link_every_address_and_number(fixed_products, product):
    uris = _check_linked(fixed_products[product, "letter"].target.reading_pdf)
    assert {"tel:911", "tel:5550100", "tel:5550101", "https://example.org/"} <= uris


def test_six_resources_with_every_field_are_links(tmp_path):
    kit = tmp_path / "kit"
    assert run("init", kit, "--name", "Riverside Outreach").exit_code == 0
    resources = (kit / "resources.yaml").read_text(encoding="utf-8")
    phones = set(re.findall(r"(?m)^  (?:phone|text): (\S+)", resources))
    urls = set(re.findall(r"(?m)^  url: (\S+)", resources))
    assert len(urls) == 6 and len(phones) >= 6
    # every field (the example leaves 'verified' for the user to write), and an e-mail
    # address in the free words
    resources = resources.replace("  # verified:", "  verified:").replace(
        "notes: Talk to a peer; no names needed.",
        "notes: Talk to a peer; no names needed. Or write to peers@hotline.example.org.",
    )
    (kit / "resources.yaml").write_text(resources, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "booklet", "card", "--kit", kit, "--out", out)
    assert result.exit_code == 0, result.output
    uris = _check_linked(out / "en" / "booklet.pdf")
    assert {"tel:" + p.replace("-", "") for p in phones} <= uris
    assert urls <= uris
    assert "mailto:peers@hotline.example.org" in uris
    _check_linked(out / "en" / "card.pdf")


CARD_TOML = (
    MINIMAL_TOML
    + """
[products.card]
layout = "card"
title = "Card"
panels = [["hello"], []]
"""
)


def _card_kit(make_kit, words: str):
    section = "---\nid: hello\ntitle: Hello\n---\n" + words
    return make_kit({"zine.toml": CARD_TOML, "content/en/hello.md": section})


def test_a_long_address_on_a_card_prints_as_its_site_name_and_fits(make_kit, tmp_path):
    long = "https://www.example.org/services/outreach/night-van-schedule-and-stops-2026.pdf"
    kit = _card_kit(make_kit, f"The van: <{long}>\n")
    out = tmp_path / "out"
    result = run("build", "card", "--kit", kit, "--out", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out / "en" / "card.pdf")
    assert "The van: example.org" in reader.pages[0].extract_text()
    assert long in {uri for uri, _ in _annotations(reader.pages[0])}


def test_an_address_that_cannot_break_in_a_card_box_is_reported(make_kit):
    email = "the-confidential-after-hours-support-line-for-workers-and-friends@x.org"
    kit = _card_kit(make_kit, textwrap.dedent(f"Write to {email} any time.\n"))
    result = run("check", "card", "--kit", kit)
    assert result.exit_code == 1, result.output
    assert "past the right edge" in result.output
    assert "address" in result.output
