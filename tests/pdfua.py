"""A checker for the machine-checkable rules of PDF/UA-1 that zinegen's reading PDFs must meet.

veraPDF, the reference checker, is a Java program that no package registry here carries, so
this reads the PDF with pypdf and checks the rules of ISO 14289-1 (PDF/UA-1), as the Matterhorn
protocol lists them for machines, that apply to what WeasyPrint writes. Each failure names
its clause.

Covered: the document is marked (7.1: /MarkInfo /Marked true, not /Suspects) and has a
structure tree with a parent tree; every mark a page paints is tagged content (an MCID the
parent tree maps to a structure element) or an artifact (7.1); /Lang (7.2); the title in
XMP dc:title with /DisplayDocTitle true (7.1) and the PDF/UA identification (5); every
Figure has alt text (7.3); every font is embedded (7.21.4.1); pages with annotations have
/Tabs /S (7.18.3); every link annotation has /Contents and a Link structure element as
its parent (7.18.5).
Not covered: what a person must judge (reading order, whether alt text is apt, heading
levels that mean what they say), tables, forms, colour contrast.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import BooleanObject, ContentStream, DictionaryObject, IndirectObject

PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*"}
PAINTING |= {b"b", b"b*", b"sh", b"INLINE IMAGE"}
DC = "{http://purl.org/dc/elements/1.1/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"


def problems(pdf: bytes | Path) -> list[str]:
    """Every PDF/UA-1 rule the PDF breaks, as 'checkpoint: what' lines; [] when it passes."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"].get_object()
    found: list[str] = []
    mark_info = root.get("/MarkInfo", {})
    if not _true(mark_info.get("/Marked")):
        found.append("7.1: the catalog has no /MarkInfo << /Marked true >>")
    if _true(mark_info.get("/Suspects")):
        found.append("7.1: /MarkInfo says /Suspects true")
    if not str(root.get("/Lang", "")).strip():
        found.append("7.2: the catalog has no /Lang")
    if not _true(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")):
        found.append("7.1: /ViewerPreferences has no /DisplayDocTitle true")
    found += _metadata_problems(root)
    tree = root.get("/StructTreeRoot")
    tree = tree.get_object() if tree is not None else DictionaryObject()
    if "/StructTreeRoot" not in root:
        found.append("7.1: the catalog has no /StructTreeRoot")
    elif "/ParentTree" not in tree:
        found.append("7.1: the structure tree has no /ParentTree")
    parents = _number_tree(tree["/ParentTree"]) if "/ParentTree" in tree else {}
    for element in _elements(tree):
        if (
            element.get("/S") == "/Figure"
            and not str(element.get("/Alt") or element.get("/ActualText") or "").strip()
        ):
            found.append("7.3: a Figure structure element has no /Alt")
    for number, page in enumerate(reader.pages, start=1):
        found += [f"page {number}: {p}" for p in _page_problems(page, parents)]
    found += _font_problems(reader)
    return list(dict.fromkeys(found))


def _true(value) -> bool:
    return isinstance(value, BooleanObject) and bool(value)


def _metadata_problems(root: DictionaryObject) -> list[str]:
    if "/Metadata" not in root:
        return ["5: the catalog has no XMP /Metadata"]
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data())
    found = []
    titles = [li.text for title in xmp.iter(f"{DC}title") for li in title.iter(f"{RDF}li")]
    if not any(t and t.strip() for t in titles):
        found.append("7.1: the XMP metadata has no dc:title")
    parts = [d.get(f"{PDFUAID}part") for d in xmp.iter(f"{RDF}Description")]
    parts += [e.text for e in xmp.iter(f"{PDFUAID}part")]
    if "1" not in parts:
        found.append("5: the XMP metadata does not say pdfuaid:part 1")
    return found


def _number_tree(node) -> dict[int, object]:
    """A number tree (/Nums, or /Kids of them) as a dict."""
    node = node.get_object()
    found = {}
    nums = node.get("/Nums", [])
    for index in range(0, len(nums), 2):
        found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found


def _elements(tree: DictionaryObject):
    """Every structure element below the tree root, each once."""
    seen: set[int] = set()
    stack = [tree.get("/K")]
    while stack:
        kid = stack.pop()
        if isinstance(kid, list):
            stack += list(kid)
            continue
        if not isinstance(kid, IndirectObject | DictionaryObject):
            continue  # an MCID
        if isinstance(kid, IndirectObject):
            if kid.idnum in seen:
                continue
            seen.add(kid.idnum)
        kid = kid.get_object()
        if kid.get("/Type") in ("/MCR", "/OBJR"):
            continue
        yield kid
        stack.append(kid.get("/K"))


def _page_problems(page, parents: dict[int, object]) -> list[str]:
    """Untagged marks, MCIDs the parent tree does not know, annotation rules."""
    found = []
    mapped = parents.get(int(page.get("/StructParents", -1)))
    mapped = mapped.get_object() if mapped is not None else []
    contents = page.get_contents()
    properties = page.get("/Resources", {}).get("/Properties", {})
    stack: list[bool] = []  # for each open marked-content sequence: tagged or artifact
    untagged = 0
    operations = ContentStream(contents, page.pdf).operations if contents is not None else []
    for operands, operator in operations:
        if operator in (b"BMC", b"BDC"):
            tag = operands[0]
            props = operands[1] if operator == b"BDC" else {}
            if not isinstance(props, dict):
                props = properties.get(props, {})
            mcid = props.get("/MCID")
            if mcid is not None and (int(mcid) >= len(mapped) or mapped[int(mcid)] is None):
                found.append(f"7.1: MCID {mcid} has no structure element in the parent tree")
            stack.append(tag == "/Artifact" or mcid is not None)
        elif operator == b"EMC":
            if stack:
                stack.pop()
        elif operator in PAINTING and not any(stack):
            untagged += 1
    if untagged:
        found.append(f"7.1: {untagged} marks are neither tagged content nor an artifact")
    annotations = [a.get_object() for a in page.get("/Annots", [])]
    if annotations and page.get("/Tabs") != "/S":
        found.append("7.18.3: a page with annotations has no /Tabs /S")
    for annotation in annotations:
        if annotation.get("/Subtype") != "/Link":
            continue
        if not str(annotation.get("/Contents", "")).strip():
            found.append("7.18.5: a link annotation has no /Contents")
        parent = parents.get(int(annotation.get("/StructParent", -1)))
        if parent is None or parent.get_object().get("/S") != "/Link":
            found.append("7.18.5: a link annotation is not in a Link structure element")
    return found


def _fonts(resources, seen: set[int]):
    """Font dictionaries of a resource dictionary and the forms it holds."""
    resources = resources.get_object() if resources is not None else {}
    for ref in resources.get("/Font", {}).values():
        yield ref.get_object()
    for ref in resources.get("/XObject", {}).values():
        if isinstance(ref, IndirectObject):
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def _font_problems(reader: PdfReader) -> list[str]:
    found = []
    seen: set[int] = set()
    for page in reader.pages:
        for font in _fonts(page.get("/Resources"), seen):
            if font.get("/Subtype") == "/Type3":
                continue  # its glyphs are drawings in the file
            descendant = font
            if font.get("/Subtype") == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"7.21.4.1: the font {font.get('/BaseFont')} is not embedded")
    return found
