"""QR codes as vector SVG, and the `qr:` link syntax for sections.

In a section, `[Find us online](qr:https://example.org/help)` prints a QR code for the
address, with the link text and the short address beside it for people who cannot scan.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

QR_PREFIX = "qr:"


def qr_svg(url: str) -> str:
    """An SVG QR code for `url`: vector, sized by CSS (no width or height of its own)."""
    import segno  # only needed when a page has a QR code

    code = segno.make(url, error="m", micro=False)
    # A two-module white border keeps the quiet zone that readers need, on any background.
    return code.svg_inline(scale=1, border=2, dark="#000", light="#fff", omitsize=True)


def short_url(url: str) -> str:
    """The address as people type it: no scheme, no www., no trailing slash."""
    return re.sub(r"^(https?://)?(www\.)?", "", url).rstrip("/")


def qr_element(url: str, label: str = "") -> ET.Element:
    """<span class="qr"> holding the code, the label and the short address."""
    block = ET.Element("span", {"class": "qr"})
    block.append(ET.fromstring(qr_svg(url)))
    text = ET.SubElement(block, "span", {"class": "qr-text"})
    if label:
        ET.SubElement(text, "span", {"class": "qr-label"}).text = label
    ET.SubElement(text, "span", {"class": "qr-url"}).text = short_url(url)
    return block


def qr_html(url: str, label: str = "") -> str:
    return ET.tostring(qr_element(url, label), encoding="unicode", method="html")


class _QrLinks(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                href = child.get("href", "") if child.tag == "a" else ""
                if href.startswith(QR_PREFIX):
                    label = "".join(child.itertext()).strip()
                    block = qr_element(href[len(QR_PREFIX) :].strip(), label)
                    block.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, block)


class QrExtension(Extension):
    """Markdown links whose address starts with `qr:` become QR codes."""

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_QrLinks(md), "zinegen-qr", 5)
