"""QR codes as vector SVG, and the `qr:` link syntax for sections.

In a section, `[Find us online](qr:https://example.org/help)` prints a QR code for the
address, with the link text and the short address beside it for people who cannot scan.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from functools import cache

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from zinegen.addresses import address_link
from zinegen.addresses import printed as short_url

QR_PREFIX = "qr:"
# Marks the codes zinegen draws, so the section sanitizer knows them from a section's own SVG;
# new every run, so no section can carry it.
QR_MARK = secrets.token_hex(8)
SMALLEST_QR_MM = 15  # the code itself, quiet zone aside, as printed on a wallet card
SMALLEST_MODULE_MM = 0.4  # finer than this, phones in poor light stop reading it


def link_problem(url: str) -> str:
    """What is wrong with an address for a QR code or a resource, or "" if nothing."""
    if not url:
        return "the address is empty"
    if any(ch.isspace() for ch in url):
        return f"the address {url!r} has a space in it"
    if not re.match(r"^(https?://[^/]+\.[^/]+|mailto:[^@]+@.+|tel:\+?[0-9][0-9-]*$)", url):
        return (
            f"{url!r} is not a web address (https://...), an email (mailto:...) "
            "or a phone number (tel:...)"
        )
    modules = _module_count(url)
    if SMALLEST_QR_MM / modules < SMALLEST_MODULE_MM:
        return (
            f"the address is too long for a QR code that scans at {SMALLEST_QR_MM} mm "
            f"({len(url)} characters); use a shorter link"
        )
    return ""


@cache
def _module_count(url: str) -> int:
    """The modules across the QR code of an address. Only the version matters here, so the
    mask, which costs most of an encoding, is fixed; an address longer than any QR code of
    the smallest printed size holds is not encoded at all."""
    import segno

    if len(url) > 200:  # more than version 5 (37 modules) holds at level M in any mode
        return 177
    return segno.make(url, error="m", micro=False, mask=0).symbol_size(border=0)[0]


@cache  # the same hotline prints in several products
def qr_svg(url: str) -> str:
    """An SVG QR code for `url`: vector, sized by CSS (no width or height of its own)."""
    import segno  # only needed when a page has a QR code

    code = segno.make(url, error="m", micro=False)
    # No border: the layout's CSS sizes the code itself and pads it with white, the
    # quiet zone readers need, so "15 mm" means the code is 15 mm.
    # The title is the code's alt text in the reading PDF: screen readers say where it leads.
    return code.svg_inline(
        scale=1, border=0, dark="#000", light="#fff", omitsize=True, title=qr_alt(url)
    )


def qr_alt(url: str) -> str:
    """What a QR code is, in words: "QR code for example.org/help"."""
    return f"QR code for {short_url(url)}"


def qr_element(url: str, label: str = "") -> ET.Element:
    """<span class="qr"> holding the code, the label and the short address."""
    block = ET.Element("span", {"class": "qr"})
    code = ET.fromstring(qr_svg(url))
    code.set("data-zinegen-qr", QR_MARK)
    block.append(code)
    text = ET.SubElement(block, "span", {"class": "qr-text"})
    if label:
        ET.SubElement(text, "span", {"class": "qr-label"}).text = label
    address = address_link(url)  # printed and linked as every address is
    address.set("class", address.get("class", "") + " qr-url")
    text.append(address)
    return block


def qr_html(url: str, label: str = "") -> str:
    return ET.tostring(qr_element(url, label), encoding="unicode", method="html")


class _QrLinks(Treeprocessor):
    """Turns qr: links into codes; addresses that cannot be one go to md.qr_problems."""

    def run(self, root: ET.Element) -> None:
        self.md.qr_problems = []
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                href = child.get("href", "") if child.tag == "a" else ""
                if href.startswith(QR_PREFIX):
                    url = href[len(QR_PREFIX) :].strip()
                    if problem := link_problem(url):
                        self.md.qr_problems.append((href, problem))
                        continue
                    label = "".join(child.itertext()).strip()
                    block = qr_element(url, label)
                    block.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, block)


class QrExtension(Extension):
    """Markdown links whose address starts with `qr:` become QR codes."""

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_QrLinks(md), "zinegen-qr", 5)
