"""A kit's local resources (resources.yaml): checked, then printed as a section.

The section id `local-resources` places them in any product: a page group in a booklet,
a panel in a trifold, a short list on a card back.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
from collections.abc import Iterable
from pathlib import Path

from zinegen.errors import Problem, ZinegenError, fail, read_text
from zinegen.kit import RESOURCES_SECTION as SECTION_ID
from zinegen.kit.entries import (
    Shape,
    Where,
    check_entries,
    number_ranges,
    read_entries,
    repeats,
)
from zinegen.kit.files import LANGUAGE_PATTERN
from zinegen.kit.layouts import RESOURCE_FIELDS
from zinegen.model import Kit, Layout, Resource, ResourceChoice, Section
from zinegen.qr import link_problem

# In the order they print.
PER_LANGUAGE = ("hours", "notes")  # fields an entry may give per language
CATEGORIES = (
    "hotline",
    "health clinic",
    "sexual health and testing",
    "PrEP/PEP",
    "mental health",
    "drug checking and supplies",
    "legal aid",
    "housing",
    "peer-led group",
    "bad date list",
    "other",
)
FIELDS = {
    "name": "the name people will look for",
    "category": "one of: " + ", ".join(CATEGORIES),
    "phone": "a number to call",
    "text": "a number to text (SMS)",
    "url": "a web address; it also prints as a QR code",
    "address": "where it is",
    "hours": "when it is open",
    "languages": "languages spoken there, e.g. [English, Spanish]",
    "notes": "one short line: walk-in, free, no ID needed...",
    "peer_led": "true if run by and for sex workers or people who use drugs",
    "verified": "the date someone last checked the entry, e.g. 2026-05-01",
    "tags": "words a product can pick entries by, e.g. [card, night]",
    "products": "the only products it prints in, e.g. [booklet, trifold] (all if not given)",
}

# Words people write for a field, that no spelling slip explains.
SYNONYMS = {
    "checked": "verified",
    "last_checked": "verified",
    "updated": "verified",
    "website": "url",
    "web": "url",
    "email": "url",
    "telephone": "phone",
    "tel": "phone",
    "sms": "text",
    "description": "notes",
    "type": "category",
}
SHAPE = Shape(
    FIELDS,
    required=("name", "category"),
    first_line="- name: ...",
    header_example="name,category,phone,text,url,address,hours,languages,notes",
    list_fields=("languages", "tags", "products"),
)


def load_resources(path: Path) -> list[Resource]:
    """Read and check resources.yaml or resources.csv; every problem names the entry, its
    name, and the line (and for a spreadsheet the column) of the field."""
    try:
        text = read_text(path)
    except ZinegenError as error:
        if path.suffix != ".csv":
            raise
        (problem,) = error.problems
        fail(problem.message, "save it from your spreadsheet as 'CSV UTF-8'.", path, problem.line)
    entries, places = read_entries(text, path, SHAPE)
    resources, problems = check_entries(
        entries, places, lambda n, entry, where: _resource(n, entry, path, where)
    )
    problems += _repeats(resources, path)
    if problems:
        raise ZinegenError(sorted(problems, key=lambda p: p.line or 0))
    return resources


def _resource(number: int, entry, path: Path, where: Where):
    def problem(message: str, hint: str = "", key: str | None = None) -> Problem:
        line, column = where.of(key)
        at = f", {column}" if column else ""
        return Problem(f"entry {number}{label}{at}: {message}", hint, path, line)

    if not isinstance(entry, dict):
        label = ""
        return None, [problem("should be 'field: value' lines.", "start it with '- name: ...'.")]
    label = f' ("{entry["name"]}")' if isinstance(entry.get("name"), str) else ""
    problems = []
    for key in entry:
        if key not in FIELDS:
            close = [SYNONYMS[key]] if key in SYNONYMS else []
            close = close or difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "fields: " + ", ".join(FIELDS)
            problems.append(problem(f"unknown field '{key}'.", hint, key))
    for key in ("name", "category"):
        if not entry.get(key):
            problems.append(
                problem(f"'{key}' is missing.", f"add {key}: ... ({FIELDS[key]}).", key)
            )
    values: dict = {}
    in_languages: dict[str, dict[str, str]] = {}
    for key in ("name", "category", "phone", "text", "url", "address", "hours", "notes"):
        value = entry.get(key)
        if isinstance(value, dict) and key in PER_LANGUAGE:
            texts = {str(k): v.strip() for k, v in value.items() if isinstance(v, str)}
            if len(texts) != len(value) or not all(LANGUAGE_PATTERN.match(k) for k in texts):
                problems.append(
                    problem(
                        f"'{key}' should be one line of text, or one a language, e.g. "
                        f"{key}: {{en: ..., es: ...}}.",
                        key=key,
                    )
                )
            elif texts:
                in_languages[key] = texts
                values[key] = next(iter(texts.values()))
        elif isinstance(value, (dict, list)):
            problems.append(problem(f"'{key}' should be one line of text.", key=key))
        elif value:
            values[key] = value.strip()
    category = values.pop("category", "")
    canonical = next((c for c in CATEGORIES if c.lower() == category.lower()), None)
    if category and canonical is None:
        close = difflib.get_close_matches(category, CATEGORIES, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(
            problem(
                f"category '{category}' is not one I know.",
                hint + "categories: " + ", ".join(CATEGORIES) + ".",
                "category",
            )
        )
    if values.get("url") and (why := link_problem(values["url"])):
        problems.append(problem(f"'url': {why}.", "write the whole address, from https://.", "url"))
    lists = {}
    for key, example in (
        ("languages", "[English, Spanish]"),
        ("tags", "[card, night]"),
        ("products", "[booklet, card]"),
    ):
        items = entry.get(key, [])
        if isinstance(items, str):
            items = [part.strip() for part in items.split(",") if part.strip()]
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            problems.append(problem(f"'{key}' should be a list, e.g. {example}.", key=key))
            items = []
        lists[key] = tuple(x.strip() for x in items)
    peer_led = str(entry.get("peer_led", "false")).lower()
    if peer_led not in ("true", "false", "yes", "no"):
        problems.append(
            problem(f"'peer_led' is {entry.get('peer_led')!r}.", "write true or false.", "peer_led")
        )
    verified = _date(entry.get("verified"))
    if verified == "bad":
        problems.append(
            problem(
                f"'verified' is {entry.get('verified')!r}.",
                "write the date as year-month-day, e.g. 2026-05-01.",
                "verified",
            )
        )
    elif verified is not None and verified > dt.date.today():
        problems.append(
            problem(
                f"'verified' is {verified}, a day still to come.",
                "write the day the entry was last checked.",
                "verified",
            )
        )
    if problems:
        return None, problems
    return Resource(
        number=number,
        category=canonical,
        languages=lists["languages"],
        tags=tuple(tag.lower() for tag in lists["tags"]),
        products=lists["products"],
        peer_led=peer_led in ("true", "yes"),
        verified=verified,  # type: ignore[arg-type]
        line=where.line,
        in_languages=in_languages,
        **values,
    ), []


def _date(value) -> dt.date | str | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return "bad"


def _repeats(resources: list[Resource], path: Path) -> list[Problem]:
    """The same place entered twice."""
    return [
        Problem(
            f'entry {r.number} ("{r.name}") repeats entry {first.number}.',
            "remove one of them, or give them different names.",
            path,
            r.line,
        )
        for r, first in repeats(resources, lambda r: (r.name.lower(), r.category))
    ]


def stale(resources: list[Resource], max_age_days: int, today: dt.date) -> list[Resource]:
    """Entries never checked, or checked longer ago than the kit allows."""
    oldest = today - dt.timedelta(days=max_age_days)
    return [r for r in resources if r.verified is None or r.verified < oldest]


def stale_warning(
    resources: list[Resource], max_age_days: int, today: dt.date, path: Path
) -> Problem | None:
    old = stale(resources, max_age_days, today)
    if not old:
        return None
    listed = "; ".join(
        f"{r.name} ({'never checked' if r.verified is None else f'checked {r.verified}'})"
        for r in old[:5]
    ) + (
        f"; and {len(old) - 5} more (entries {number_ranges([r.number for r in old[5:]])})"
        if len(old) > 5
        else ""
    )
    return Problem(
        f"{len(old)} of {len(resources)} entries not checked in the last {max_age_days} days: "
        f"{listed}.",
        "call them, then set 'verified' to today's date.",
        path,
    )


def checked_line(resources: list[Resource], lang: str, strings) -> str:
    """'Checked May 2026': the oldest date among the entries shown, so a reader knows how
    fresh the whole list is; entries with no date are counted beside it."""
    from zinegen.kit.strings import english_strings, month_year

    words = strings or english_strings()
    dates = [r.verified for r in resources if r.verified is not None]
    missing = len(resources) - len(dates)
    if not dates:
        return words["not_yet_checked"]
    line = words["checked"].format(month=month_year(min(dates), lang))
    if missing:
        line += " " + words["some_not_checked"].format(count=missing)
    return line


def read_resources(
    kit: Kit, check_products: bool = True
) -> tuple[list[Resource], str, list[Problem]]:
    """The kit's resources.yaml or resources.csv, checked: (entries, the file's text, every
    problem), an entry naming a product the kit lacks among them (unless zine.toml had
    problems of its own, which can leave a product out)."""
    if kit.resources_file is None:
        return [], "", []
    try:
        resources = load_resources(kit.resources_file)
    except ZinegenError as error:
        return [], "", error.problems
    problems = (
        unknown_products(resources, kit.products, kit.resources_file) if check_products else []
    )
    return resources, read_text(kit.resources_file), problems


def choose(
    resources: list[Resource], product: str, choice: ResourceChoice
) -> tuple[list[Resource], str]:
    """The entries a product prints, in order, and how they were picked (for messages):
    entries meant for it (their 'products', if any), then its categories, tags and limit."""
    chosen = [r for r in resources if not r.products or product in r.products]
    how = "products" if any(r.products for r in resources) else "all"
    if choice.tags:
        chosen = [r for r in chosen if set(r.tags) & set(choice.tags)]
        how = "tags"
    if choice.categories:
        chosen = [r for r in chosen if r.category in choice.categories]
    order = choice.categories or CATEGORIES
    chosen.sort(key=lambda r: order.index(r.category))  # stable: file order within a category
    if choice.limit is not None and len(chosen) > choice.limit:
        chosen = chosen[: choice.limit]
    return chosen, how


def unknown_products(
    resources: list[Resource], products: Iterable[str], path: Path
) -> list[Problem]:
    """Entries naming a product the kit does not have: a typo would hide them silently."""
    known = list(products)
    problems = []
    for r in resources:
        for name in r.products:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                problems.append(
                    Problem(
                        f"entry {r.number} (\"{r.name}\"): products lists '{name}', which the kit "
                        "does not have.",
                        (f"did you mean '{close[0]}'? " if close else "")
                        + "products: "
                        + ", ".join(known)
                        + ".",
                        path,
                        r.line,
                    )
                )
    return problems


def _entry_html(
    resource: Resource, fields: tuple[str, ...], qr: bool, peer_led: str, lang: str = ""
) -> str:
    """One entry: its name, then the fields the layout prints, in the layout's order."""
    from zinegen.addresses import address_html, linked_html
    from zinegen.qr import qr_svg

    e = linked_html  # escaped, with any address or number in the words linked
    parts = [f'<div class="resource" id="res-{resource.number}">']
    if qr and resource.url and "url" in fields:  # beside the entry, which prints the address
        parts.append(f'<div class="resource-qr">{qr_svg(resource.url)}</div>')
    peer = (
        f' <span class="resource-peer">{html.escape(peer_led)}</span>' if resource.peer_led else ""
    )
    parts.append(f'<p class="resource-name">{html.escape(resource.name)}{peer}</p>')

    def number(value: str) -> str:
        return address_html("tel:" + value, value)

    shown = {
        "phone": f"Call {number(resource.phone)}" if resource.phone else "",
        "text": f"Text {number(resource.text)}" if resource.text else "",
        "address": e(resource.address),
        "hours": e(resource.in_languages.get("hours", {}).get(lang) or resource.hours),
        "notes": e(resource.in_languages.get("notes", {}).get(lang) or resource.notes),
        "languages": html.escape(", ".join(resource.languages)),
        "url": address_html(resource.url) if resource.url else "",
    }
    # Call and text share a line, and so do the address and the hours.
    lines = {"phone": "reach", "text": "reach", "address": "where", "hours": "where"}
    grouped: dict[str, list[str]] = {}
    for name in fields:
        if shown[name]:
            grouped.setdefault(lines.get(name, name), []).append(
                f'<span class="resource-{name}">{shown[name]}</span>'
            )
    for line, spans in grouped.items():
        parts.append(f'<p class="resource-{line}">{" · ".join(spans)}</p>')
    parts.append("</div>")
    return "".join(parts)


def resources_section(
    resources: list[Resource],
    lang: str,
    strings,
    source: Path,
    text: str = "",
    layout: Layout | None = None,
    order: tuple[str, ...] = CATEGORIES,
    how: str = "all",
    tags: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
) -> Section:
    """The resources as a section, grouped by category as the layout asks, each entry
    printing the fields the layout gives it."""
    fields = layout.resource_fields if layout else RESOURCE_FIELDS
    qr = layout.resource_qr if layout else True
    headings = layout.resource_headings if layout else True
    from zinegen.kit.strings import english_strings

    words = strings or english_strings()
    checked = html.escape(checked_line(resources, lang, words))
    body = [f'<div class="resources"><p class="resources-checked">{checked}</p>']
    for category in order:
        group = [r for r in resources if r.category == category]
        if group:
            title = words.get(f"categories.{category}") or category[0].upper() + category[1:]
            body.append('<div class="resource-group">')
            body += [f"<h3>{html.escape(title)}</h3>"] if headings else []
            body += [_entry_html(r, fields, qr, words["peer_led"], lang) for r in group]
            body.append("</div>")
    body.append("</div>")
    untranslated = [
        f"entry {r.number} ({key})"
        for r in resources
        for key, texts in r.in_languages.items()
        if key in fields and lang not in texts
    ]
    warnings = (
        (
            Problem(
                f"no '{lang}' text for {', '.join(untranslated)}; the first given prints.",
                f"write it as, e.g., notes: {{en: ..., {lang}: ...}}.",
                source,
            ),
        )
        if untranslated
        else ()
    )
    meta = {f"res-{r.number}": r.name for r in resources}  # for preflight's messages
    meta["chosen-by"], meta["chosen-tags"] = how, " ".join(tags)
    meta["chosen-categories"] = "\n".join(categories)
    return Section(
        id=SECTION_ID,
        title=words["local_resources"],
        html="".join(body),
        lang=lang,
        source=source,
        summary="",
        audience="workers",
        meta=meta,
        text=text,
        generated=True,
        warnings=warnings,
    )
