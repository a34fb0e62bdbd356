"""`zinegen init`: a new organization kit that builds at once."""

from __future__ import annotations

import json
from pathlib import Path

from zinegen.errors import fail

ZINE_TOML = '''\
# A zinegen kit. Build everything with:  zinegen build --kit .
# Each [products.<name>] below starts from zinegen's built-in product of that name;
# set only what you want to change. `zinegen list --kit .` shows every section id.

languages = ["en"]         # content/<lang>/ folders; the first is the default
paper = "letter"           # or "a4"

[organization]
name = {name_toml}         # printed on covers and above the contact block
# How people reach you. The card prints the phone number large, the text line, and a QR
# code for the web address. These are examples: put in your own before you print.
phone = "555-0100"
text = "555-0100"          # the same number as phone prints once, as "Call or text"
# url = "https://example.org/"
# Printed under them on the back of every product: address, opening hours.
contact = """
Drop-in: (your address and opening hours)
"""
# logo = "logo.svg"        # SVG or PNG in this folder, shown on covers

# Printed on the booklet and the trifold, under the contact block. Say who made and who
# checked your materials, and under what licence others may copy your own text.
[colophon]
# made_with = "Made with the peer advisory group of ..."
# reviewed_by = "Reviewed by ..."
# licence = "CC BY 4.0"

[theme]                    # colours are checked for readable contrast
accent = "#7b1e57"         # headings, rules, the cover
ink = "#1d1a1f"            # body text
soft = "#f4e9f0"           # tinted backgrounds

[resources]
max_age_days = 180         # warn when an entry in resources.yaml was checked longer ago

[checks]
review_months = 12         # warn when a section's 'reviewed' month is older than this
reading_grade = 8          # warn when a worker product reads above this school grade
# Words kept off the outside of the trifold, card front and zine covers, added to
# zinegen's own list (sex work, condom, bad date...). A * ends a word with any ending.
# revealing_words.en = ["outreach van"]

[products.booklet]
sections = [
  "what-is-harm-reduction", "principles", "sex-work-core-beliefs", "human-rights",
  "peer-education", "key-strategies", "barriers-to-care", "sensitivity-tips",
  "supporting-safety", "sexual-health", "overdose", "after-an-assault", "know-your-rights",
  "models-of-care", "being-an-ally", "local-resources", "sources",
]

# The outside panels (1, 5 and 6) are kept discreet: your resources go inside, on panel 4
# (indoor-online-safety is the built-in choice for it).
[products.trifold]
panels = [
  ["trifold-cover"], ["general-safety"], ["street-safety"], ["local-resources"],
  ["trifold-rights"], ["trifold-emergencies"],
]

# The front shows when the card is carried and stays discreet; the back is private.
[products.card]
panels = [["card-tips"], ["local-resources"]]

[products.zine]
'''

RESOURCES_YAML = """\
# Local resources: one entry per place or service, starting with "- name:".
# They print wherever a product lists the section "local-resources".
#
# Fields: name and category are required. category is one of: hotline, health clinic,
# sexual health and testing, PrEP/PEP, mental health, drug checking and supplies,
# legal aid, housing, peer-led group, bad date list, other.
# Optional: phone, text (SMS), url (also printed as a QR code), address, hours,
# languages, notes, peer_led (true/false), verified (the date someone last checked it).
#
# These two entries are examples: replace them with your own, and check every entry
# again before you print (zinegen warns when 'verified' is older than max_age_days).

- name: Example Health Clinic (replace me)
  category: sexual health and testing
  phone: 555-0100
  address: 100 Example Street
  hours: Mon-Fri 10-6, walk-in
  languages: [English, Spanish]
  notes: Free testing, no ID needed.
  # verified: 2026-01-31

- name: Example Peer Support Line (replace me)
  category: peer-led group
  text: 555-0101
  url: https://example.org/
  peer_led: true
  # verified: 2026-01-31
"""

CONTENT_README = """\
# Your sections

Put Markdown sections here, in a folder per language: content/en/<id>.md.

- A file with the same name as a built-in section (e.g. content/en/street-safety.md)
  replaces it in every product. Copy the built-in one to start from it; `zinegen list
  --kit .` shows each section's id and whether it comes from this kit or is built in.
- A new file is a new section: add its id to a product's sections or panels in zine.toml.

Each file starts with front matter:

    ---
    id: street-safety
    title: Street safety
    summary: One sentence on what it covers.
    audience: workers
    ---

`[Find us online](qr:https://example.org)` prints a QR code with the address beside it.
"""

LAYOUTS_README = """\
# Your layout changes

A file here replaces the built-in file of the same path, e.g.
layouts/trifold/layout.css replaces the trifold's stylesheet, layouts/card/layout.html
its template. Copy the built-in file to start from it.

For small changes, write them in extra.css at the top of this kit instead: it is added
after every layout's stylesheet, e.g.

    h2 { letter-spacing: 0.02em; }

Set text with `font-family: var(--font-text)`: zinegen fills it with the declared fonts
(the bundled face, then any in zine.toml's [[fonts]]), so nothing prints in a system font.
Colours come from zine.toml's [theme] as var(--accent), var(--ink) and var(--soft).
"""


def create_kit(folder: Path, name: str, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write a new kit into `folder`: (files written, files kept as they were).

    A folder with files in it is refused unless `force`; even then a file that exists
    is never replaced, so running init again cannot lose an organization's work.
    """
    if not name.strip():
        fail("the organization's name is empty.", 'give it with --name "Your organization".')
    if folder.exists() and not folder.is_dir():
        fail(f"{folder} is a file, not a folder.", "choose a new folder name for the kit.")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        fail(
            f"{folder} is not empty.",
            "choose a new folder, or add --force to add the kit's files to it "
            "(files already there are kept as they are).",
        )
    files = {
        # a JSON string is a valid TOML basic string: quotes and backslashes escaped
        "zine.toml": ZINE_TOML.format(name_toml=json.dumps(name, ensure_ascii=False)),
        "resources.yaml": RESOURCES_YAML,
        "content/README.md": CONTENT_README,
        "content/en/.keep": "",
        "layouts/README.md": LAYOUTS_README,
    }
    written, kept = [], []
    try:
        for relpath, text in files.items():
            path = folder / relpath
            if path.exists():
                kept.append(path)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as error:
        fail(
            f"cannot write the kit in {folder}: {error.strerror}.",
            "choose a folder you can write to.",
        )
    return written, kept
