"""Read and check every file of a kit, once, into one resolved Kit (STYLE.md, section 4).

The stages after this one take plain data: nothing later opens a user's file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from zinegen.errors import Problem, ZinegenError
from zinegen.kit.config import BUILTIN_LICENCE, read_config
from zinegen.kit.files import (
    CONFIG_NAME,
    ID_HELP,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    RESOURCES_FILE,
    RESOURCES_FILES,
    RESOURCES_SECTION,
    available_layouts,
    available_section_ids,
    builtin_dir,
    find_kit_dir,
    kit_file,
    outside_links,
)
from zinegen.kit.schema import Checker, Key, load_toml
from zinegen.model import Kit

__all__ = [
    "BUILTIN_LICENCE",
    "CONFIG_NAME",
    "ID_HELP",
    "ID_PATTERN",
    "LANGUAGE_PATTERN",
    "RESOURCES_FILE",
    "RESOURCES_FILES",
    "RESOURCES_SECTION",
    "Checker",
    "Key",
    "available_layouts",
    "available_section_ids",
    "builtin_dir",
    "find_kit_dir",
    "kit_file",
    "load_kit",
    "load_toml",
]


def load_kit(kit_dir: Path | None = None, stylesheets: bool = False) -> Kit:
    """Read a kit in one pass: zine.toml and the fonts and logo it names, each product's
    layout.toml, every section in each of the kit's languages, and the local resources;
    with `stylesheets` (for a build or a check), also what WeasyPrint would ignore in the
    stylesheets the products link, as warnings. Every mistake in any of them is reported
    together, each once; a kit that loads is complete, and no later stage reads a file of
    it again."""
    from zinegen.kit.baddates import read_baddates
    from zinegen.kit.layouts import read_layouts
    from zinegen.kit.resources import read_resources
    from zinegen.kit.sections import read_sections
    from zinegen.kit.strings import read_strings

    kit, problems = read_config(kit_dir)
    if not kit.is_builtin:
        problems += outside_links(kit.root, kit.search_path)
    layouts, found = read_layouts(kit)
    problems += found
    sections, found = read_sections(kit)
    problems += found
    resources, resources_text, found = read_resources(kit, check_products=not problems)
    problems += found
    strings, found = read_strings(kit)
    problems += found
    baddates, baddates_text, found = read_baddates(kit)
    problems += found
    kit = replace(
        kit,
        strings=strings,
        layouts=layouts,
        sections=sections,
        resources=tuple(resources),
        resources_text=resources_text,
        baddates=tuple(baddates),
        baddates_text=baddates_text,
    )
    return with_stylesheets(kit, problems) if stylesheets else _loaded(kit, problems)


def with_stylesheets(kit: Kit, problems: list[Problem] | None = None) -> Kit:
    """The kit, with what WeasyPrint would ignore in each stylesheet its products link, as
    warnings; an address a stylesheet asks for outside the kit is a problem, said with
    `problems` found before. (A build whose every product is up to date skips this, and
    WeasyPrint with it.)"""
    styles, texts = _check_stylesheets(kit, kit.layouts)
    problems = list(problems or [])
    problems += [p for path, text in texts.items() for p in _css_addresses(path, text, kit)]
    warned = [problem for pairs in styles.values() for _, problem in pairs]
    return _loaded(
        replace(kit, stylesheet_problems=styles, stylesheet_texts=texts), problems, warned
    )


def _loaded(kit: Kit, problems: list[Problem], warned: list[Problem] | None = None) -> Kit:
    """The kit, or every problem found in it at once (with the warnings, said beside)."""
    if problems:
        raise ZinegenError(list(dict.fromkeys(problems)), warnings=warned or [])
    return kit


def _check_stylesheets(kit: Kit, layouts) -> tuple[dict, dict]:
    """Each stylesheet the products link, and every one the kit has of its own (extra.css,
    its layouts' CSS), read by WeasyPrint's parser once: (what it ignores, by file; each
    file's text)."""
    from zinegen.compose import stylesheet_paths
    from zinegen.errors import read_text
    from zinegen.render import KitFetcher, check_stylesheet

    fetcher = KitFetcher(kit.allowed_roots)
    paths = dict.fromkeys(
        p for layout in layouts.values() for p in stylesheet_paths(kit, layout, bleed=True)
    )
    if not kit.is_builtin:
        own = [kit.root / "extra.css", *sorted((kit.root / "layouts").glob("*/*.css"))]
        paths.update(dict.fromkeys(p for p in own if p.is_file()))
    texts = {path: read_text(path) for path in paths}
    return {path: tuple(check_stylesheet(path, fetcher)) for path in paths}, texts


def _css_addresses(path: Path, text: str, kit: Kit) -> list[Problem]:
    """Every address a stylesheet asks for (url(...), @import) must be a file inside the kit
    or a data: URL: anything else would be refused later, so it is said now, by line."""
    import re
    from urllib.parse import unquote, urljoin, urlsplit

    problems = []
    pattern = r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)['"]"""
    for number, line in enumerate(text.splitlines(), start=1):
        for address in [a or b for a, b in re.findall(pattern, line)]:
            url = urljoin(path.as_uri(), address)
            scheme = urlsplit(url).scheme.lower()
            target = Path(unquote(urlsplit(url).path)).resolve() if scheme == "file" else None
            inside = target is not None and any(
                target.is_relative_to(root.resolve()) for root in kit.allowed_roots
            )
            if scheme != "data" and not inside:
                why = "a file outside the kit" if scheme == "file" else "from the network"
                problems.append(
                    Problem(
                        f"the stylesheet asks for {address}, {why}; zinegen never loads it.",
                        "put fonts and images inside the kit and name them by relative path.",
                        path,
                        number,
                    )
                )
    return problems
