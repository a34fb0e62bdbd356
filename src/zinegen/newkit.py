"""`zinegen init`: a new organization kit that builds at once."""

from __future__ import annotations

import json
from pathlib import Path

from zinegen.errors import fail
from zinegen.model import Kit
from zinegen.outputs import write_atomically

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
# logo_on_dark = "logo-white.svg"   # a light version, for covers in the accent colour

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

# The bad date sheet prints the reports in baddates.yaml (see the notes at its top).
[baddates]
keep_days = 90             # a report prints this many days after its date, unless it gives
                           # 'expires' (the last day it prints)
edition_days = 7           # a sheet says "valid until" this many days after its edition date
# Your report form on the web, printed on the sheet as a QR code:
# report_url = "https://example.org/report"
# Where people call or text a report, if not the numbers in [organization]:
# phone = "555-0100"
# text = "555-0100"

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
resources = {{ tags = ["trifold"] }}   # the entries tagged "trifold" in resources.yaml

# The front shows when the card is carried and stays discreet; the back is private.
[products.card]
panels = [["card-tips"], ["local-resources"]]
resources = {{ tags = ["card"], limit = 2 }}   # a card is small: two entries fit its back

[products.zine]

# A sheet of the bad date reports in baddates.yaml current today, newest first:
#   zinegen build bad-date-sheet --kit .      (--as-of 2026-11-19 for an earlier edition)
[products.bad-date-sheet]

# A one-page form to report a bad date: filled in on a phone, or printed and filled by hand.
# zinegen baddates import FORM.pdf --kit .   adds filled-in forms to baddates.yaml.
[products.report-form]
'''

BADDATES_YAML = """\
# Bad date reports: one report per bad date, starting with "- date:". They print on the
# bad date sheet (zinegen build bad-date-sheet --kit .), newest first, until they expire.
# There are none yet: add them below, or import filled report forms with
#   zinegen baddates import FORM.pdf --kit .
#
# Fields (date and warning are required; leave out what nobody told you):
#   date           when it happened or was reported, year-month-day: 2026-11-20
#   warning        a short headline, printed first: what to watch for
#   area           neighbourhood, street or city, or the online platform
#   description    of the person: what would help someone recognise them
#   vehicle        make, colour and plate, as reported
#   contact        the phone number, e-mail or handle the person used
#   what_happened  what the person did, in a few plain sentences
#   expires        the last day it prints; if not given, keep_days (zine.toml [baddates],
#                  90 at first) after its date
#
# NEVER RECORD who reported: not their name or work name, not their phone number, e-mail,
# handle or address, and nothing that points at them (where they work from, who they were
# with, a detail only they would know). zinegen refuses any other field (reporter,
# reporter_phone, name...) and never prints it; it warns about a phone number or e-mail
# address anywhere but 'contact'. Describe what the person did, not the worker.
#
# A report looks like this (without the # at the start of each line):
#
# - date: 2026-11-20
#   warning: Took the money back by force
#   area: Mill Lane, near the bus depot
#   description: Man, about 50, grey beard, red baseball cap
#   vehicle: Dark blue pickup, plate starts 7KX
#   contact: texts from 555-0187
#   what_happened: Paid, then drove to a dead end and grabbed the money back.
#
# A value with ": " in it needs quotes: area: "Station Road: the hotel by the lights".
"""

RESOURCES_YAML = """\
# Local resources: one entry per place or service, starting with "- name:".
# They print wherever a product lists the section "local-resources".
#
# Fields: name and category are required. category is one of: hotline, health clinic,
# sexual health and testing, PrEP/PEP, mental health, drug checking and supplies,
# legal aid, housing, peer-led group, bad date list, other.
# Optional: phone, text (SMS), url (also printed as a QR code), address, hours,
# languages, notes, peer_led (true/false), verified (the date someone last checked it),
# tags (words a product picks entries by), products (the only products it prints in).
#
# Which entries each product prints is set in zine.toml: this kit's card prints the
# entries tagged "card" (two at most: a card is small), its trifold those tagged
# "trifold", its booklet all of them. To take an entry off the card, remove "card" from
# its tags; do not delete it, or the booklet loses it too.
#
# These six entries are examples: replace them with your own, and check every entry
# before you print. Set 'verified' to the day you last confirmed it by phone: zinegen
# warns about entries never checked, or checked longer ago than max_age_days.

- name: Example Peer Hotline (replace me)
  category: hotline
  phone: 555-0110
  text: 555-0111
  url: https://hotline.example.org/
  address: By phone and text only
  hours: Every day, 24 hours
  languages: [English, Spanish]
  notes: Talk to a peer; no names needed.
  peer_led: true
  tags: [card, trifold]
  # verified: 2026-01-31

- name: Example Health Clinic (replace me)
  category: sexual health and testing
  phone: 555-0120
  text: 555-0121
  url: https://clinic.example.org/
  address: 100 Example Street
  hours: Mon-Fri 10-6, walk-in Wed
  languages: [English, Spanish]
  notes: Free HIV and STI tests, PrEP and PEP. No ID needed.
  peer_led: false
  tags: [trifold]
  # verified: 2026-01-31

- name: Example Bad Date List (replace me)
  category: bad date list
  phone: 555-0130
  text: 555-0131
  url: https://baddates.example.org/
  address: Report at the drop-in or by text
  hours: Updated every week
  languages: [English]
  notes: Reports are anonymous.
  peer_led: true
  tags: [card, trifold]
  # verified: 2026-01-31

- name: Example Legal Aid (replace me)
  category: legal aid
  phone: 555-0140
  text: 555-0141
  url: https://legal.example.org/
  address: 200 Example Avenue, 2nd floor
  hours: Tue and Thu 9-4
  languages: [English, Spanish]
  notes: Free advice on charges, records and immigration.
  peer_led: false
  # verified: 2026-01-31

- name: Example Naloxone and Drug Checking (replace me)
  category: drug checking and supplies
  phone: 555-0150
  text: 555-0151
  url: https://supplies.example.org/
  address: The outreach van; see the schedule online
  hours: Mon, Wed, Fri 7pm-11pm
  languages: [English, Spanish]
  notes: Naloxone, test strips, condoms and lube, free.
  peer_led: true
  tags: [trifold]
  # verified: 2026-01-31

- name: Example Shelter (replace me)
  category: housing
  phone: 555-0160
  text: 555-0161
  url: https://shelter.example.org/
  address: Confidential; call first
  hours: Open 24 hours
  languages: [English, Spanish]
  notes: Women and trans people welcome.
  peer_led: false
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


EXAMPLE = "riverbend"  # examples/<name>, shipped in the wheel beside the built-in kit


def create_kit(
    folder: Path, name: str | None, force: bool = False, example: bool = False
) -> tuple[list[Path], list[Path]]:
    """Write a new kit into `folder`: (files written, files kept as they were). With
    `example`, the kit is a copy of the example kit (a fictional outreach program).

    A folder with files in it is refused unless `force`; even then a file that exists
    is never replaced, so running init again cannot lose an organization's work.
    """
    if not example and not (name or "").strip():
        fail("the organization's name is empty.", 'give it with --name "Your organization".')
    try:
        (name or "").encode("utf-8")
    except UnicodeEncodeError:
        fail(
            "the organization's name has bytes that are not text in any alphabet.",
            "type the name again, or copy it from a document saved as UTF-8.",
        )
    if folder.exists() and not folder.is_dir():
        fail(f"{folder} is a file, not a folder.", "choose a new folder name for the kit.")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        fail(
            f"{folder} is not empty.",
            "choose a new folder, or add --force to add the kit's files to it "
            "(files already there are kept as they are).",
        )
    if example and (folder / "zine.toml").exists():
        fail(
            f"{folder} is a kit already: the example's own sections would replace yours.",
            "copy the example into a new folder, e.g. zinegen init riverbend --example.",
        )
    if example:
        files = _example_files()
    else:
        files = {
            # a JSON string is a valid TOML basic string: quotes and backslashes escaped
            "zine.toml": ZINE_TOML.format(name_toml=json.dumps(name, ensure_ascii=False)),
            "resources.yaml": RESOURCES_YAML,
            "baddates.yaml": BADDATES_YAML,
            "content/README.md": CONTENT_README,
            "content/en/.keep": "",
            "layouts/README.md": LAYOUTS_README,
        }
    written, kept = [], []
    try:
        for relpath, content in files.items():
            path = folder / relpath
            if path.exists():
                kept.append(path)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            write_atomically(path, data)
            written.append(path)
    except OSError as error:
        fail(
            f"cannot write the kit in {folder}: {error.strerror}.",
            "choose a folder you can write to.",
        )
    return written, kept


def _example_files() -> dict[str, bytes]:
    """Every file of the example kit, by its path inside the kit."""
    from zinegen.kit import builtin_dir

    root = builtin_dir() / "examples" / EXAMPLE
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "build" not in path.relative_to(root).parts
    }


def eject(
    kit: Kit, kind: str, name: str, force: bool = False
) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Copy a built-in section (every language the kit has) or layout folder into the kit,
    where the overlay finds it first: ([(copied from, written to)], the kit's languages the
    built-in section has no version in). Files already in the kit are kept unless `force`."""
    import difflib
    import shutil

    from zinegen.kit import available_layouts, available_section_ids, builtin_dir

    builtin = builtin_dir().resolve()
    if kit.is_builtin:
        fail(
            "this is zinegen's built-in kit: there is nothing to copy it into.",
            "make a kit of your own first (zinegen init our-kit --name ...), then eject into "
            "it with --kit our-kit.",
        )
    if kind == "section":
        known = available_section_ids((builtin,))
        pairs = [
            (builtin / "content" / lang / f"{name}.md", kit.root / "content" / lang / f"{name}.md")
            for lang in kit.languages
        ]
        missing = [
            lang
            for lang, (source, _) in zip(kit.languages, pairs, strict=True)
            if not source.is_file()
        ]
        pairs = [(source, target) for source, target in pairs if source.is_file()]
    else:
        missing = []
        known = available_layouts((builtin,)) | {"_shared"}
        folder = builtin / "layouts" / name
        pairs = [
            (source, kit.root / "layouts" / name / source.name)
            for source in sorted(folder.glob("*"))
            if source.is_file()
        ]
    if name not in known or not pairs:
        close = difflib.get_close_matches(name, sorted(known), n=1)
        what = "section" if kind == "section" else "layout"
        fail(
            f"zinegen has no built-in {what} '{name}'"
            + (f" in {', '.join(kit.languages)}." if name in known else "."),
            (f"did you mean '{close[0]}'? " if close else "")
            + f"`zinegen list` shows every {what}.",
        )
    there = [target for _, target in pairs if target.exists()]
    if there and not force:
        fail(
            f"the kit already has {', '.join(str(t.relative_to(kit.root)) for t in there)}.",
            "edit that copy; or add --force to replace it with the built-in one (your "
            "changes to it would be lost).",
        )
    try:
        for source, target in pairs:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    except OSError as error:
        fail(f"cannot copy into {kit.root}: {error.strerror}.", "check the folder can be written.")
    return pairs, missing
