"""zine.toml: the organization, its contacts and colophon, the checks, the theme and the
products, each checked against its declared keys."""

from __future__ import annotations

import difflib
import re
import stat
from pathlib import Path
from typing import Any

from zinegen.errors import Problem, read_text
from zinegen.kit.baddates import BADDATES_FILES, read_settings
from zinegen.kit.baddates import SECTION_ID as BADDATES_SECTION
from zinegen.kit.files import (
    CONFIG_NAME,
    ID_HELP,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    RESOURCES_FILES,
    RESOURCES_SECTION,
    available_layouts,
    available_section_ids,
    builtin_dir,
    find_kit_dir,
    kit_file,
)
from zinegen.kit.fonts import _kit_fonts, load_fonts
from zinegen.kit.schema import Checker, Key, check_reach, load_toml
from zinegen.model import (
    PAPERS,
    Checks,
    Colophon,
    Kit,
    Organization,
    Product,
    ResourceChoice,
)

KIT_KEYS = {
    "name": Key("the kit's name for `zinegen list` (the organization's name if not given)"),
    "languages": Key(
        'language codes of content/<lang>/ folders, first is the default, e.g. ["en"]',
        kind=list,
        item=str,
        required=True,
        nonempty=True,
        pattern=LANGUAGE_PATTERN,
        pattern_help="use a language code such as en, es or pt-BR",
        unique=True,
    ),
    "paper": Key("paper the print shop uses", choices=PAPERS),
    "organization": Key("the organization shown on covers and backs", kind=dict, required=True),
    "products": Key("what can be built, one [products.<name>] table each", kind=dict),
    "resources": Key("settings for resources.yaml: max_age_days", kind=dict),
    "theme": Key("colours: accent, ink, soft", kind=dict),
    "fonts": Key(
        "extra font faces, one [[fonts]] table each: family, file, licence", kind=list, item=dict
    ),
    "colophon": Key(
        "who made and reviewed the materials: made_with, reviewed_by, licence", kind=dict
    ),
    "checks": Key("content checks: review_months, reading_grade, revealing_words", kind=dict),
    "baddates": Key(
        "the bad date sheet: keep_days, edition_days, report_url, phone, text", kind=dict
    ),
}
THEME_KEYS = {
    "accent": Key('the colour of headings, rules and the cover, e.g. "#7b1e57"'),
    "ink": Key('the colour of body text, e.g. "#1d1a1f"'),
    "soft": Key('a light tint for backgrounds, e.g. "#f4e9f0"'),
}
LOGO_SUFFIXES = (".svg", ".png")
LOGO_MAX_BYTES = 1024 * 1024  # a logo is a mark, not a photograph
RESOURCES_KEYS = {
    "max_age_days": Key(
        "how many days a resource's 'verified' date may be old before preflight warns",
        kind=int,
    ),
}
ORGANIZATION_KEYS = {
    "name": Key("the organization's name, printed on covers", required=True, nonempty=True),
    "contact": Key(
        "contact lines for the back cover: hotline, text line, address, website; per "
        'language as { en = "...", es = "..." }',
        kind=(str, dict),
    ),
    "logo": Key("an SVG or PNG file in the kit, shown on covers and beside the contact block"),
    "logo_on_dark": Key(
        "a light version of the logo for covers printed in the accent colour (the trifold's "
        'and the zine\'s), e.g. "logo-white.svg"'
    ),
    "phone": Key('a number to call, printed large on the card, e.g. "(312) 555-0142"'),
    "text": Key('a number to text (SMS), e.g. "(312) 555-0143"'),
    "url": Key('your web address, printed with a QR code, e.g. "https://example.org/help"'),
}
COLOPHON_KEYS = {
    "made_with": Key('a line printed as written, e.g. "Made with the Riverbend peer group"'),
    "reviewed_by": Key(
        'a line printed as written, e.g. "Reviewed by the Riverbend peer advisory group"'
    ),
    "licence": Key('the licence of your own text, e.g. "CC BY 4.0"'),
}
CHECKS_KEYS = {
    "review_months": Key(
        "how many months after a section's 'reviewed' month preflight asks for a new review",
        kind=int,
    ),
    "reading_grade": Key(
        "the school grade worker-facing products should read at or below, e.g. 8",
        kind=(int, float),
    ),
    "revealing_words": Key(
        'words kept off the outside of worker products, per language, e.g. en = ["outreach van"]',
        kind=dict,
    ),
}
MAX_LANGUAGES = 24
BUILTIN_LICENCE = "CC BY 4.0 (creativecommons.org/licenses/by/4.0)"  # the built-in text
PRODUCT_KEYS = {
    "layout": Key("the layout that gives the product its shape, e.g. booklet", required=True),
    "title": Key(
        'the title on the cover; per language as { en = "...", es = "..." }',
        kind=(str, dict),
        required=True,
        nonempty=True,
    ),
    "subtitle": Key(
        'a line under the title; per language as { en = "...", es = "..." }', kind=(str, dict)
    ),
    # An empty list is said by the layout check: a layout that prints its own words (the
    # report form) needs no sections, every other flowing layout does.
    "sections": Key(
        "section ids in reading order, for layouts whose pages flow (booklet); a section "
        'that opens on a new page is written { id = "models-of-care", new_page = true }',
        kind=list,
        item=(str, dict),
    ),
    "panels": Key(
        "for fixed layouts (trifold, card, zine): one list of section ids per panel, face "
        'or page, e.g. [["cover-line"], ["general-safety"], []]',
        kind=list,
        item=list,
        nonempty=True,
    ),
    "cover_image": Key("an image in the kit for the cover (SVG, PNG or JPEG)"),
    "cover_alt": Key("what the cover image shows, in a few words, for screen readers"),
    "back_cover": Key('id of a section printed on the back cover, e.g. sources ("" for none)'),
    "discreet": Key(
        "false to allow words such as 'sex work' on the outside faces (true by default)",
        kind=bool,
    ),
    "resources": Key(
        'which local resources it prints, e.g. { tags = ["card"], limit = 3 }', kind=dict
    ),
}
RESOURCE_CHOICE_KEYS = {
    "categories": Key(
        'only these categories, in this order, e.g. ["hotline", "bad date list"]',
        kind=list,
        item=str,
    ),
    "tags": Key('only entries with one of these tags, e.g. ["card"]', kind=list, item=str),
    "limit": Key("at most this many entries, e.g. 3", kind=int),
}


def read_config(kit: Path | None = None) -> tuple[Kit, list[Problem]]:
    """Read and check a kit's zine.toml (and the fonts and logo it names): the kit as far as
    it could be read, with every problem found. Only zine.toml that is not TOML at all stops
    at once; otherwise the other files are still read, so that one run reports them all."""
    root = find_kit_dir(kit).resolve()
    config_file = root / CONFIG_NAME
    data = load_toml(config_file)
    text = read_text(config_file)

    builtin = builtin_dir().resolve()
    search_path = tuple(dict.fromkeys((root, builtin)))
    checker = Checker(config_file, text)
    checker.table(data, KIT_KEYS, "")
    organization = data.get("organization")
    if isinstance(organization, dict):
        checker.table(organization, ORGANIZATION_KEYS, "organization.")
    theme = _check_theme(data.get("theme"), checker)
    _check_organization(organization, checker)
    colophon = _colophon(data.get("colophon"), checker)
    checks = _checks(data.get("checks"), checker)
    bundled_fonts = load_fonts(search_path)
    kit_fonts = _kit_fonts(data.get("fonts"), root, checker, bundled_fonts)
    logo = _check_logo(organization, root, checker)
    logo_on_dark = _check_logo(organization, root, checker, "logo_on_dark")
    if isinstance(data.get("resources"), dict):
        checker.table(data["resources"], RESOURCES_KEYS, "resources.")
        age = data["resources"].get("max_age_days", 180)
        if isinstance(age, bool) or (isinstance(age, int) and not 1 <= age <= 36500):
            checker.problem(
                "resources.max_age_days",
                f"'resources.max_age_days' is {age!r}; give a number of days.",
                "e.g. max_age_days = 180 (about six months).",
            )
    resources_file = _one_of(root, RESOURCES_FILES, checker)
    baddates_file = _one_of(root, BADDATES_FILES, checker)
    baddate_settings = read_settings(data.get("baddates"), checker)
    tables = data.get("products", {})
    if root != builtin and isinstance(tables, dict):
        tables = inherit_products(load_toml(builtin / CONFIG_NAME).get("products", {}), tables)
    extra_ids = {RESOURCES_SECTION} if resources_file else set()
    extra_ids.add(BADDATES_SECTION)  # with no baddates.yaml, a sheet says it has no reports
    for clash in sorted(root.glob(f"content/*/{RESOURCES_SECTION}.md")) if resources_file else []:
        checker.problem(
            "resources",
            f"{clash.relative_to(root)} and {resources_file.name} both make the section "
            f"'{RESOURCES_SECTION}'.",
            "rename the Markdown file (and its id) to use both, or delete it.",
        )
    products = _load_products(tables, checker, root, search_path, extra_ids)

    # As far as it could be read: a value that was reported falls back to a safe default.
    org_table = organization if isinstance(organization, dict) else {}

    def text_of(table: dict, key: str) -> str:
        value = _first(table.get(key, ""))
        return value.strip() if isinstance(value, str) else ""

    org = Organization(
        name=text_of(org_table, "name"),
        contact=text_of(org_table, "contact"),
        contacts=per_language(org_table.get("contact"), "organization.contact", checker),
        logo=logo,
        logo_on_dark=logo_on_dark,
        phone=text_of(org_table, "phone"),
        text=text_of(org_table, "text"),
        url=text_of(org_table, "url"),
    )
    languages = data.get("languages")
    if isinstance(languages, list) and len(languages) > MAX_LANGUAGES:
        checker.problem(
            "languages",
            f"'languages' lists {len(languages)} languages; a kit has at most {MAX_LANGUAGES}.",
            "list the languages you print in.",
        )
        languages = []
    languages = tuple(
        lang
        for lang in (languages if isinstance(languages, list) else [])
        if isinstance(lang, str) and LANGUAGE_PATTERN.match(lang)
    )
    paper = data.get("paper", "letter")
    age = (
        data.get("resources", {}).get("max_age_days", 180)
        if isinstance(data.get("resources"), dict)
        else 180
    )
    kit_found = Kit(
        root=root,
        config_file=config_file,
        name=text_of(data, "name") or org.name,
        languages=tuple(dict.fromkeys(languages)),
        paper=paper if paper in PAPERS else "letter",
        organization=org,
        products=products,
        search_path=search_path,
        fonts=bundled_fonts + kit_fonts,
        resources_file=resources_file,
        baddates_file=baddates_file,
        baddate_settings=baddate_settings,
        resources_max_age_days=age if isinstance(age, int) and age > 0 else 180,
        theme=theme,
        colophon=colophon,
        checks=checks,
        config_text=text,
    )
    return kit_found, checker.problems


def _one_of(root: Path, names: tuple[str, ...], checker: Checker) -> Path | None:
    """The kit's file of entries (resources, bad date reports), YAML or CSV: one, not both."""
    found = [root / name for name in names if (root / name).is_file()]
    if len(found) > 1:
        checker.problems.append(
            Problem(
                f"the kit has both {names[0]} and {names[1]}; zinegen reads one.",
                "keep the one you update (a spreadsheet saved as CSV, or the YAML file) and "
                "delete or rename the other.",
                found[1],
            )
        )
    return found[0] if found else None


def _check_organization(organization: Any, checker: Checker) -> None:
    """Phone numbers that can be dialled, and a web address a QR code can carry."""
    if isinstance(organization, dict):
        check_reach(organization, "organization", checker, "url", "https://example.org/help")


def _colophon(table: Any, checker: Checker) -> Colophon:
    if not isinstance(table, dict):
        return Colophon()
    checker.table(table, COLOPHON_KEYS, "colophon.")
    values = {
        key: value.strip()
        for key, value in table.items()
        if key in COLOPHON_KEYS and isinstance(value, str)
    }
    return Colophon(**values)


def _checks(table: Any, checker: Checker) -> Checks:
    if not isinstance(table, dict):
        return Checks()
    checker.table(table, CHECKS_KEYS, "checks.")
    months = table.get("review_months", 12)
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 1200:
        if isinstance(months, int):  # a wrong kind is reported by the table check
            checker.problem(
                "checks.review_months",
                f"'checks.review_months' is {months!r}; give a number of months.",
                "e.g. review_months = 12 (once a year).",
            )
        months = 12
    grade = table.get("reading_grade", 8)
    if not isinstance(grade, (int, float)) or isinstance(grade, bool) or not 1 <= grade <= 20:
        if isinstance(grade, (int, float)):
            checker.problem(
                "checks.reading_grade",
                f"'checks.reading_grade' is {grade!r}; give a school grade from 1 to 20.",
                "e.g. reading_grade = 8 (what most adults read with ease).",
            )
        grade = 8
    words: dict[str, tuple[str, ...]] = {}
    table_words = table.get("revealing_words", {})
    for lang, listed in table_words.items() if isinstance(table_words, dict) else ():
        keypath = f"checks.revealing_words.{lang}"
        if not LANGUAGE_PATTERN.match(lang):
            checker.problem(
                keypath,
                f"'{keypath}': '{lang}' is not a language code.",
                'name the language as in languages, e.g. en = ["outreach van"].',
            )
        elif not isinstance(listed, list) or not all(
            isinstance(word, str) and re.search(r"\w", word) for word in listed
        ):
            checker.problem(
                keypath,
                f"'{keypath}' should be a list of words in quotes, not {listed!r}.",
                f'e.g. {lang} = ["outreach van", "escort*"] (a * ends a word with any ending).',
            )
        else:
            words[lang] = tuple(word.strip() for word in listed)
    return Checks(review_months=months, reading_grade=float(grade), revealing_words=words)


def _check_theme(table: Any, checker: Checker) -> dict[str, str]:
    from zinegen.theme import COLOUR, MIN_CONTRAST, failing_pairs

    if not isinstance(table, dict):
        return {}
    checker.table(table, THEME_KEYS, "theme.")
    theme = {}
    for key, value in table.items():
        if key in THEME_KEYS and isinstance(value, str):
            if COLOUR.match(value):
                theme[key] = value.lower()
            else:
                checker.problem(
                    f"theme.{key}",
                    f"'theme.{key}' is {value!r}, not a colour.",
                    'write it as "#" and six hex digits, e.g. "#7b1e57".',
                )
    for text, fg, background, bg, ratio in failing_pairs(theme):
        checker.problem(
            f"theme.{text if text != 'white' else background}",
            f"the theme's {text} {fg} on {background} {bg} has a contrast of {ratio:.1f}:1; "
            f"text needs at least {MIN_CONTRAST}:1 to be read in poor light.",
            f"make the {text if text != 'white' else background} colour darker"
            + (" or the soft colour lighter." if background == "soft" else "."),
        )
    return theme


def _check_logo(organization: Any, root: Path, checker: Checker, key: str = "logo") -> Path | None:
    """A logo file named by organization.<key>: in the kit, an SVG or PNG of bounded size,
    whose content matches its name, with no text in an SVG (it would print in a system font)."""
    logo = organization.get(key) if isinstance(organization, dict) else None
    if not isinstance(logo, str):
        return None
    path = kit_file(root, logo)
    problem = None
    size = path.stat().st_size if path is not None and path.is_file() else 0
    if path is None or not stat.S_ISREG(path.stat().st_mode):
        problem = (
            f"the logo '{logo}' is not in the kit.",
            'put the file in the kit folder and name it from there, e.g. logo = "logo.svg".',
        )
    elif size > LOGO_MAX_BYTES:  # before anything is read
        problem = (
            f"the logo '{logo}' is {size // 1024} KB; the limit is {LOGO_MAX_BYTES // 1024} KB.",
            "use SVG, or a PNG of at most 1000 pixels across.",
        )
    else:
        data = path.read_bytes()
        if not _looks_like(path, data):
            problem = (
                f"the logo '{logo}' is not an SVG or PNG file.",
                "export it as SVG (best) or PNG.",
            )
        elif path.suffix.lower() == ".svg" and b"<text" in data:
            problem = (
                f"the logo '{logo}' has text in it, which would print in a system font.",
                "convert the text to outlines (paths) in your drawing program, then save again.",
            )
        elif why := _image_problem(path):
            problem = (f"the logo '{logo}' cannot be printed: {why}.", "export it again.")
    if problem:
        checker.problem(f"organization.{key}", *problem)
        return None
    return path


def _image_problem(path: Path) -> str:
    from zinegen.kit.files import file_problem

    return file_problem(path) if path.suffix.lower() == ".png" else ""


def _looks_like(path: Path, data: bytes) -> bool:
    """Whether a logo's content matches its name: PNG's signature, or SVG markup."""
    if path.suffix.lower() == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    return path.suffix.lower() == ".svg" and b"<svg" in data[:4096].lower()


def inherit_products(builtin: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """A kit's products: each one it names, on top of the built-in product of that name.

    `[products.card]` with nothing under it is the built-in card as it is; a kit builds only
    the products its zine.toml names. Giving 'sections' or 'panels' replaces that list whole
    (the other kind is dropped, so a kit can lay a booklet's sections out as panels).
    """
    merged: dict[str, Any] = {}
    for name in own:
        base, mine = builtin.get(name, {}), own.get(name, {})
        if not isinstance(mine, dict):
            merged[name] = mine  # reported by the checker
            continue
        if "sections" in mine or "panels" in mine:
            base = {k: v for k, v in base.items() if k not in ("sections", "panels")}
        merged[name] = {**base, **mine}
    return merged


def _first(value: Any) -> Any:
    """A per-language value's first language's text (the first given); text as it is."""
    if isinstance(value, dict):
        return next((v for v in value.values() if isinstance(v, str)), "")
    return value


def per_language(value: Any, keypath: str, checker: Checker) -> dict[str, str]:
    """{lang: text} from a value given per language, checked: language codes as keys,
    text as values; {} for plain text."""
    if not isinstance(value, dict):
        return {}
    found = {}
    for lang, text in value.items():
        if not LANGUAGE_PATTERN.match(str(lang)):
            checker.problem(
                keypath,
                f"'{keypath}' has the key '{lang}', which is not a language code.",
                'write it as { en = "...", es = "..." }.',
            )
        elif not isinstance(text, str):
            checker.problem(keypath, f"'{keypath}.{lang}' should be text in quotes.")
        else:
            found[lang] = text.strip()
    return found


def _load_products(
    tables: Any,
    checker: Checker,
    root: Path,
    search_path: tuple[Path, ...],
    extra_ids: set[str],
) -> dict[str, Product]:
    if not isinstance(tables, dict):
        return {}
    known = available_section_ids(search_path) | extra_ids
    layouts = available_layouts(search_path)
    products = {}
    for name, table in tables.items():
        prefix = f"products.{name}."
        if not isinstance(table, dict):
            checker.problem(f"products.{name}", f"'products.{name}' should be a table.")
            continue
        if not ID_PATTERN.match(name):
            # the name becomes a file name: OUT/<lang>/<name>.pdf
            checker.problem(
                f"products.{name}", f"the product name '{name}' is not allowed.", ID_HELP
            )
            continue
        problems_before = len(checker.problems)
        checker.table(table, PRODUCT_KEYS, prefix)
        layout = table.get("layout")
        if isinstance(layout, str) and layout not in layouts:
            checker.problem(
                prefix + "layout",
                f"'{prefix}layout' is '{layout}', which is not a layout.",
                "layouts: " + ", ".join(sorted(layouts)),
            )
        new_page = _new_pages(table, prefix, checker)
        _check_section_ids(checker, prefix, table, known)
        choice = _resource_choice(table.get("resources"), checker, prefix + "resources")
        cover = table.get("cover_image")
        cover_path = None
        if isinstance(cover, str):
            cover_path = kit_file(root, cover)
            if cover_path is None:
                checker.problem(
                    prefix + "cover_image",
                    f"the cover image '{cover}' is not in the kit.",
                    f"put the file at {root / cover}, or remove cover_image.",
                )
        if len(checker.problems) == problems_before:
            products[name] = Product(
                name=name,
                layout=table["layout"],
                title=_first(table["title"]),
                subtitle=_first(table.get("subtitle", "")),
                titles=per_language(table["title"], prefix + "title", checker),
                subtitles=per_language(table.get("subtitle"), prefix + "subtitle", checker),
                sections=tuple(section_id for _, section_id in _section_ids(table, prefix)),
                new_page=new_page,
                panels=tuple(tuple(ids) for ids in table.get("panels", ())),
                cover_image=cover_path,
                cover_alt=table.get("cover_alt", ""),
                back_cover=table.get("back_cover") or None,  # "" turns an inherited one off
                discreet=table.get("discreet", True),
                resources=choice,
            )
    return products


def _resource_choice(table: Any, checker: Checker, keypath: str) -> ResourceChoice:
    """A product's choice of local resources: categories, tags and a limit."""
    from zinegen.kit.resources import CATEGORIES

    if not isinstance(table, dict):
        return ResourceChoice()
    before = len(checker.problems)
    checker.table(table, RESOURCE_CHOICE_KEYS, keypath + ".")
    categories = []
    for category in (
        table.get("categories", []) if isinstance(table.get("categories"), list) else []
    ):
        known = next((c for c in CATEGORIES if c.lower() == str(category).lower()), None)
        if known is None:
            close = difflib.get_close_matches(str(category), CATEGORIES, n=1)
            checker.problem(
                keypath + ".categories",
                f"'{keypath}.categories' has {category!r}, which is not a category.",
                (f"did you mean '{close[0]}'? " if close else "")
                + "categories: "
                + ", ".join(CATEGORIES)
                + ".",
            )
        else:
            categories.append(known)
    limit = table.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit < 1:
        checker.problem(
            keypath + ".limit", f"'{keypath}.limit' is {limit}; give how many entries to print."
        )
    if len(checker.problems) > before:
        return ResourceChoice()
    return ResourceChoice(
        categories=tuple(categories),
        tags=tuple(tag.strip().lower() for tag in table.get("tags", [])),
        limit=limit,
    )


def _section_ids(table: dict, prefix: str) -> list[tuple[str, object]]:
    """(keypath, id) for each section a product names, in sections or in panels."""
    if isinstance(table.get("panels"), list):
        return [
            (f"{prefix}panels[{box}][{index}]", section_id)
            for box, ids in enumerate(table["panels"])
            if isinstance(ids, list)
            for index, section_id in enumerate(ids)
        ]
    ids = table.get("sections")
    return [
        (f"{prefix}sections[{i}]", s.get("id") if isinstance(s, dict) else s)
        for i, s in enumerate(ids if isinstance(ids, list) else [])
    ]


SECTION_ENTRY_KEYS = {
    "id": Key("the section's id, e.g. models-of-care", required=True),
    "new_page": Key("true to start the section on a new page", kind=bool),
}


def _new_pages(table: dict, prefix: str, checker: Checker) -> frozenset[str]:
    """Ids of the sections a product opens on a new page: entries written as tables."""
    entries = table.get("sections")
    opened = set()
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict):
            checker.table(entry, SECTION_ENTRY_KEYS, f"{prefix}sections[{index}].")
            if entry.get("new_page") is True and isinstance(entry.get("id"), str):
                opened.add(entry["id"])
    return frozenset(opened)


def _check_section_ids(checker: Checker, prefix: str, table: dict, known: set[str]) -> None:
    if ("sections" in table) == ("panels" in table):
        checker.problem(
            prefix[:-1],
            f"[{prefix[:-1]}] needs either 'sections' (a booklet) or 'panels' (a trifold, "
            "card or zine), and not both.",
            'e.g. sections = ["principles"], or panels = [["general-safety"], ["street-safety"]].',
        )
    seen: set[str] = set()
    for keypath, section_id in _section_ids(table, prefix):
        if section_id is None:  # an entry table without its id: said by its own check
            continue
        if not isinstance(section_id, str):
            checker.problem(keypath, f"'{keypath}' should be a section id in quotes.")
            continue
        if section_id in seen:
            checker.problem(
                keypath,
                f"'{keypath}': the section '{section_id}' is listed twice.",
                "remove one of them.",
            )
        elif section_id not in known:
            checker.problem(keypath, *_unknown_section(keypath, section_id, known))
        seen.add(section_id)
    back = table.get("back_cover")
    if isinstance(back, str) and back and back not in known:
        checker.problem(
            prefix + "back_cover", *_unknown_section(prefix + "back_cover", back, known)
        )
    elif back in seen:
        checker.problem(
            prefix + "back_cover",
            f"'{prefix}back_cover': the section '{back}' is also in the product's sections.",
            "a section prints once: take it out of one of the two.",
        )


def _unknown_section(keypath: str, section_id: str, known: set[str]) -> tuple[str, str]:
    if section_id == RESOURCES_SECTION:
        return (
            f"'{keypath}': the section '{section_id}' prints resources.yaml (or .csv), and "
            "this kit has neither.",
            "add resources.yaml to the kit (zinegen init writes one with six examples).",
        )
    close = difflib.get_close_matches(section_id, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"'{keypath}': there is no section '{section_id}'.",
        hint + "`zinegen list` shows every section id.",
    )
