"""Web addresses, e-mail addresses and phone numbers: printed for paper, linked for screens.

On paper an address is what people type: no `https://`, no `www.`, no trailing slash; it
breaks only after a `/` or a `.`, never at a hyphen that would read as hyphenation. An
address longer than LONG_ADDRESS characters prints as its site name (or the words its link
gives) and, in the sources section, also in full below. In the reading PDF every printed
address, e-mail address and phone number is a link: https://, mailto: or tel:.

Every place that prints one goes through here: Markdown sections (AddressExtension), the
contact block (the `addresses` template filter), local resources and QR codes.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

LONG_ADDRESS = 40  # characters, scheme dropped: longer ones print as their site name

# Endings of a bare domain (cdc.gov) worth linking; a closed list, so "e.g." or "v1.2" never is.
TLDS = (
    "com|org|net|gov|edu|mil|int|info|io|co|us|ca|mx|uk|ie|au|nz|eu|de|fr|es|it|pt|nl|be|"
    "ch|at|se|no|dk|fi|pl|cz|br|ar|za|in|jp|global|health|help|community|lgbt"
)
_URL = r"(?:https?://|www\.)[^\s<>\"'`]+"
_EMAIL = r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_DOMAIN = rf"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:{TLDS})\b(?:/[^\s<>\"'`]*)?"
# Phone numbers as they are printed: international from '+'; North American with an area
# code (1-800-656-4673, (555) 010-0199) or local (555-0100). A separator is one space, dot
# or hyphen, so dates (2026-11-01), years (2006-2007) and amounts never match.
_PHONE = (
    r"\+\d{1,3}(?:[ .-]?\(\d{1,4}\)|[ .-]?\d{1,4}){2,5}"
    r"|(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}"
    r"|\d{3}-\d{4}"
)
# Three-digit lines (911, 988, 211...) print alone, so they need a rule of their own: N11
# codes and 988 wherever they stand alone; 000, 111, 112 and 999, which also read as plain
# numbers, only after "call", "dial", "ring" or "text".
_SHORT = r"[2-9]11|988|000|111|112|999"
_SHORT_ONLY_AFTER_A_VERB = ("000", "111", "112", "999")
_FOUND = re.compile(
    rf"(?P<url>{_URL})|(?<![\w.@+-])(?:(?P<email>{_EMAIL})|(?P<domain>{_DOMAIN})"
    rf"|(?P<phone>{_PHONE})(?![\w-]|[.,]?\d)"
    rf"|(?P<short>{_SHORT})(?![\w-]|[.,]\d| \d))",
    re.IGNORECASE,
)
_SHORT_AFTER = re.compile(r"(?:call|dial|ring|text)\s+$", re.IGNORECASE)
_TRAILING = ".,;:!?'\"\u2019\u201d)]*"  # punctuation that ends the sentence, not the address
SKIPPED_TAGS = {"a", "code", "pre", "kbd", "samp", "script", "style", "svg"}


def found_contacts(text: str) -> list[str]:
    """What kinds of contact details are written in `text`: "phone number", "e-mail
    address" (three-digit lines such as 911 are not counted: they identify no one)."""
    kinds = []
    for found in _FOUND.finditer(text):
        kind = (
            "e-mail address"
            if found.group("email")
            else "phone number"
            if found.group("phone")
            else None
        )
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds


def printed(url: str) -> str:
    """The address as people type it: no scheme, no www., no trailing slash."""
    return re.sub(r"^(https?://|mailto:|tel:)?(www\.)?", "", url.strip(), flags=re.I).rstrip("/")


def site_name(url: str) -> str:
    """The site an address is on: 'cdc.gov' for https://www.cdc.gov/hiv/basics/."""
    return re.split(r"[/?#]", printed(url), maxsplit=1)[0]


def is_long(url: str) -> bool:
    return len(printed(url)) > LONG_ADDRESS


def shown(url: str, text: str = "") -> str:
    """What prints for a link to `url` whose words are `text`: the words, unless they are the
    address itself; an address too long for a line prints as its site name."""
    if text and not same_address(text, url):
        return text
    if url.lower().startswith(("mailto:", "tel:")):
        return text or printed(url)
    return site_name(url) if is_long(url) else printed(url)


def same_address(text: str, url: str) -> bool:
    """Whether a link's words are its address, written with or without the scheme."""
    return printed(text).lower() == printed(url).lower()


def pieces(address: str) -> list[str]:
    """The address cut after each '/' and '.': the only places it may break."""
    return [part for part in re.split(r"(?<=[/.])(?=.)", address) if part]


def phone_href(number: str) -> str:
    """tel: with the digits (and a leading +) only."""
    digits = re.sub(r"[^\d+]", "", number)
    return "tel:" + digits[0] + digits[1:].replace("+", "") if digits else "tel:"


def web_href(address: str) -> str:
    """A link target for an address as written in text: www.x.org or x.org gains https://."""
    return address if re.match(r"^https?://", address, re.I) else "https://" + address


BREAK = "\u200b"  # zero-width space: what <wbr> stands for, a place the line may break
JOIN = "\u2060"  # word joiner: no break on either side of it


SHORT_HOST = 24  # characters: a site name this short stays whole ("cdc." ending a line
# reads as the end of a sentence)


def breakable(address: str) -> str:
    """The address with a break opportunity after each '/' and '.' (but none inside a short
    site name), and a word joiner after each '-' and '?', so a line breaks at a piece's end
    and nowhere else."""
    host, rest = re.match(r"([^/?#]*)(.*)", address, re.S).groups()  # type: ignore[union-attr]
    if len(host) <= SHORT_HOST:
        first, *others = pieces(rest) or [""]
        parts = [host + first, *others]
    else:
        parts = pieces(address)
    return BREAK.join(re.sub(r"([-?!])(?=.)", rf"\1{JOIN}", part) for part in parts if part)


def address_element(href: str, text: str, kind: str = "") -> ET.Element:
    """<a class="address" href=...> printing `text`. A web or e-mail address may break only
    after a '/' or '.'; a phone number never breaks (CSS). The marks are characters, not
    <wbr> and <span> elements: each element inside a link makes one more link annotation."""
    link = ET.Element("a", {"class": f"address address-{kind}" if kind else "address"})
    link.set("href", href)
    link.text = AtomicString(text if kind == "phone" else breakable(text))
    return link


def address_html(url: str, text: str = "") -> str:
    """The printed, linked address for `url` (https:, mailto: or tel:) as HTML."""
    return _html(address_link(url, text))


def address_link(url: str, text: str = "") -> ET.Element:
    lower = url.lower()
    kind = "phone" if lower.startswith("tel:") else "email" if lower.startswith("mailto:") else ""
    href = phone_href(url[4:]) if kind == "phone" else url
    return address_element(href, shown(url, text), kind)


def full_address_element(url: str) -> ET.Element:
    """The whole address, for the sources section (hidden elsewhere by the stylesheet)."""
    block = ET.Element("span", {"class": "full-address"})
    block.append(address_element(url, printed(url)))
    return block


def _html(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode", method="html")


def find(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, href, kind) for each address, e-mail address and phone number in text."""
    for match in _FOUND.finditer(text):
        kind = match.lastgroup or ""
        start, end = match.span()
        verb_needed = kind == "short" and match.group(0) in _SHORT_ONLY_AFTER_A_VERB
        if verb_needed and not _SHORT_AFTER.search(text[:start]):
            continue
        value = match.group(0)
        if kind in ("url", "domain"):
            value = _trim(value)
            end = start + len(value)
            yield start, end, web_href(value), "web"
        elif kind == "email":
            value = value.rstrip(".")
            yield start, start + len(value), "mailto:" + value, "email"
        else:
            yield start, end, phone_href(value), "phone"


def _trim(address: str) -> str:
    """Drop the sentence's punctuation from an address's end; a ')' stays if it closes a '('."""
    while address and address[-1] in _TRAILING:
        if address[-1] == ")" and address.count("(") >= address.count(")"):
            break
        address = address[:-1]
    return address


def linked_html(text: str) -> str:
    """Plain text as HTML, escaped, with every address and number in it linked."""
    out, last = [], 0
    for start, end, href, kind in find(text):
        out += [html.escape(text[last:start]), _html(_linked(text[start:end], href, kind))]
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def _linked(written: str, href: str, kind: str) -> ET.Element:
    if kind == "phone":
        return address_element(href, written, "phone")
    if kind == "email":
        return address_element(href, written, "email")
    return address_element(href, shown(href, ""))


def _entities(value: str) -> str:
    """Markdown writes an <e-mail@address> as character references; read them back."""
    return html.unescape(value.replace(AMP_SUBSTITUTE, "&")) if AMP_SUBSTITUTE in value else value


class _Addresses(Treeprocessor):
    """Links every address and number written in a section's text, and prints the links it
    already has by the same rules when their words are the address itself."""

    def run(self, root: ET.Element) -> None:
        self._walk(root)

    def _walk(self, parent: ET.Element) -> None:
        index = self._split(parent, "text", 0)
        while index < len(parent):
            child, added = parent[index], 0
            if child.tag == "a":
                added = self._relink(parent, index, child)
            elif child.tag not in SKIPPED_TAGS and "qr" not in (child.get("class") or ""):
                self._walk(child)
            last = parent[index + added]  # the text after it follows what was added
            added += self._split(parent, "tail", index + added + 1, last)
            index += 1 + added

    def _split(self, parent: ET.Element, which: str, at: int, child=None) -> int:
        """Turn the addresses in parent.text (or child.tail) into links placed at `at`;
        returns how many elements it inserted."""
        owner = parent if which == "text" else child
        text = getattr(owner, which) or ""
        found = list(find(text)) if text else []
        if not found:
            return 0
        setattr(owner, which, text[: found[0][0]])
        for number, (start, end, href, kind) in enumerate(found):
            link = _linked(text[start:end], href, kind)
            following = found[number + 1][0] if number + 1 < len(found) else len(text)
            link.tail = text[end:following]
            parent.insert(at + number, link)
        return len(found)

    def _relink(self, parent: ET.Element, index: int, link: ET.Element) -> int:
        """A link the author wrote: the address printed by the rules if its words are the
        address; a long address also in full after it (shown in the sources section)."""
        href = _entities(link.get("href", ""))
        if not re.match(r"^(https?|mailto|tel):", href, re.I):
            return 0
        link.set("href", href)
        words = _entities("".join(link.itertext())).strip()
        if len(link) == 0 and (not words or same_address(words, href)):
            made = address_link(href, "")
            link.text, link.attrib = made.text, {**link.attrib, **made.attrib}
        if href.lower().startswith("http") and (is_long(href) or not same_address(words, href)):
            full = full_address_element(href)
            full.tail, link.tail = link.tail, None
            parent.insert(index + 1, full)
            return 1
        return 0


class AddressExtension(Extension):
    """Addresses, e-mail addresses and phone numbers in sections, linked and printed for
    paper. Runs after the inline patterns (links, smart quotes) and the QR codes."""

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_Addresses(md), "zinegen-addresses", 3)
