"""Layout declarations: layouts/<name>/layout.toml, the kit's copy first."""

from __future__ import annotations

import math
from pathlib import Path

from zinegen.errors import Problem, ZinegenError, fail, read_text
from zinegen.geometry import sheet_size_pt, to_pt
from zinegen.kit.schema import Checker, Key, load_toml
from zinegen.model import PAPERS, Kit, Layout, PrintSpec, Product

LAYOUT_KEYS = {
    "description": Key("one line on what the layout is"),
    "page": Key("the [page] table: size, fixed, min_font_pt, ...", kind=dict, required=True),
    "sheet": Key("the [sheet] table: orientation, imposition", kind=dict, required=True),
    "resources": Key("the [resources] table: fields, qr, headings", kind=dict),
    "print": Key(
        "the [print] table, for the job ticket: stock, sides, flip, copies_per_sheet, steps",
        kind=dict,
    ),
}
PRINT_KEYS = {
    "stock": Key(
        'suggested paper per sheet size, e.g. stock.letter = "20-24 lb bond", '
        'stock.a4 = "80-90 gsm"',
        kind=dict,
    ),
    "sides": Key(
        "single or double: printed on one side of the sheet or both", choices=("single", "double")
    ),
    "flip": Key(
        "for double-sided printing, the edge the sheet turns on: short or long",
        choices=("short", "long"),
    ),
    "copies_per_sheet": Key("how many copies one printed sheet makes, e.g. 10 cards", kind=int),
    "steps": Key(
        'what to do after printing, in order, e.g. ["Fold the stack in half.", "Staple twice '
        'on the fold."]',
        kind=list,
        item=str,
    ),
}
STOCK_KEYS = {
    paper: Key(f'the paper to use on {paper}, e.g. "80-90 gsm"', nonempty=True) for paper in PAPERS
}
# What a layout may print of each local resource, besides its name, in this order.
RESOURCE_FIELDS = ("phone", "text", "address", "hours", "notes", "languages", "url")
RESOURCE_KEYS = {
    "fields": Key(
        "what each entry prints besides its name: " + ", ".join(RESOURCE_FIELDS),
        kind=list,
        item=str,
    ),
    "qr": Key("true to print web addresses as QR codes beside their entry", kind=bool),
    "headings": Key("true to group entries under their category", kind=bool),
}
PAGE_KEYS = {
    "size": Key(
        'page size per paper, e.g. size.letter = ["5.5in", "8.5in"]', kind=dict, required=True
    ),
    "fixed": Key("true when every page is a fixed box that must not overflow", kind=bool),
    "max_pages": Key(
        "for layouts whose pages flow, the most pages the product may have, e.g. 2 for a "
        "sheet printed on both sides: more is reported, like an overflow",
        kind=int,
    ),
    "needs_sections": Key(
        "false for a layout that prints its own words (a form): its products may give "
        "sections = [] (true by default)",
        kind=bool,
    ),
    "min_font_pt": Key("the smallest text size allowed, in points", kind=(int, float)),
    "body_size": Key(
        "for fixed layouts (or flowing ones with max_pages), the smallest and largest body "
        "text size in points, e.g. [10, 12]: zinegen sets the largest at which every box "
        "fits, or the pages stay within max_pages (as --body-size)",
        kind=list,
        item=(int, float),
    ),
    "one_page": Key(
        "ids of elements that must each fit on one page, e.g. the covers", kind=list, item=str
    ),
    "margin": Key(
        'page margins: one length, or [top, right, bottom, left], e.g. "7mm"', kind=(str, list)
    ),
    "boxes": Key("how many fixed boxes (panels, faces, pages) the product has", kind=int),
    "box_label": Key('what a box is called in messages, e.g. "panel"'),
    "box_labels": Key('a name for each box, e.g. ["front", "back"]', kind=list, item=str),
    "box_noun": Key('what one box is called in hints, e.g. "panel" or "face"'),
    "narrow_pages": Key("boxes set narrower, e.g. [4, 5] for a fold-in panel", kind=list, item=int),
    "narrow_by": Key('how much narrower, e.g. "2mm"'),
    "cover_box": Key("the box that shows the title and organization", kind=int),
    "contact_box": Key("the box that shows the organization's contact block", kind=int),
    "outside": Key(
        "boxes seen from outside when folded or carried, kept discreet, e.g. [1, 5, 6]",
        kind=list,
        item=int,
    ),
}
SIZE_KEYS = {
    paper: Key(f"[width, height] of a page on {paper} paper", kind=list, item=str, required=True)
    for paper in PAPERS
}


MAX_BOXES = 64  # panels, faces or pages of one fixed product
MAX_GRID = 12  # pages across or down one sheet


def load_layout(kit: Kit, name: str) -> Layout:
    """Read and check a layout's declaration, the kit's copy first."""
    from zinegen.impose import IMPOSITIONS

    declaration = kit.find(Path("layouts") / name / "layout.toml")
    if declaration is None:
        fail(f"there is no layout '{name}'.", "`zinegen list` shows the layouts.", kit.config_file)
    data = load_toml(declaration)
    checker = Checker(declaration, read_text(declaration))
    sheet_keys = {
        "orientation": Key(
            "landscape or portrait", required=True, choices=("landscape", "portrait")
        ),
        "imposition": Key("how pages go on sheets", required=True, choices=tuple(IMPOSITIONS)),
        "grid": Key("[columns, rows] of pages on a sheet", kind=list, item=int),
        "crop_marks": Key("true to draw cut marks around the pages", kind=bool),
    }
    checker.table(data, LAYOUT_KEYS, "")
    page, sheet = data.get("page", {}), data.get("sheet", {})
    if isinstance(page, dict):
        checker.table(page, PAGE_KEYS, "page.")
        if isinstance(page.get("size"), dict):
            checker.table(page["size"], SIZE_KEYS, "page.size.")
    if isinstance(sheet, dict):
        checker.table(sheet, sheet_keys, "sheet.")
    resources = data.get("resources", {})
    if isinstance(resources, dict):
        checker.table(resources, RESOURCE_KEYS, "resources.")
        for field in (
            resources.get("fields", []) if isinstance(resources.get("fields"), list) else []
        ):
            if field not in RESOURCE_FIELDS:
                checker.problem(
                    "resources.fields",
                    f"'resources.fields' has {field!r}, which a resource does not have.",
                    "fields: " + ", ".join(RESOURCE_FIELDS) + " (the name always prints).",
                )
    printing = _print_spec(data.get("print", {}), sheet, checker)
    if checker.problems:
        raise ZinegenError(checker.problems)

    def lengths(key: str, value: str | list, count: int) -> tuple[float, ...] | None:
        values = [value] if isinstance(value, str) else value
        try:
            points = tuple(to_pt(v) for v in values)
        except (ValueError, TypeError) as error:
            checker.problem(key, f"'{key}': {error}.", 'write lengths such as "7mm" or "0.5in".')
            return None
        if len(points) not in (1, count):
            checker.problem(key, f"'{key}' should have 1 or {count} lengths.")
            return None
        return points * count if len(points) == 1 else points

    sizes = {}
    for paper in PAPERS:
        size = lengths(f"page.size.{paper}", page["size"][paper], 2)
        if size is not None:
            sizes[paper] = size
    margin = lengths("page.margin", page["margin"], 4) if "margin" in page else None
    narrow_by = lengths("page.narrow_by", page.get("narrow_by", "0pt"), 1)
    boxes = page.get("boxes", 0)
    if not 0 <= boxes <= MAX_BOXES or len(page.get("box_labels") or ()) > MAX_BOXES:
        checker.problem("page.boxes", f"a layout has 1 to {MAX_BOXES} boxes.")
        raise ZinegenError(checker.problems)
    grid = sheet.get("grid", [1, 1])
    if len(grid) != 2 or not all(1 <= n <= MAX_GRID for n in grid):
        checker.problem(
            "sheet.grid",
            f"'sheet.grid' is {grid!r}; give [columns, rows], each from 1 to {MAX_GRID}.",
            "e.g. grid = [2, 5] for ten cards on a sheet.",
        )
        raise ZinegenError(checker.problems)
    labels = tuple(
        page.get("box_labels")
        or [f"{page.get('box_label', 'page')} {n}" for n in range(1, boxes + 1)]
    )
    if page.get("fixed") and not labels:
        checker.problem("page.fixed", "a fixed layout needs 'boxes', the number of its boxes.")
    for key in ("cover_box", "contact_box", "outside"):
        numbers = page.get(key, [])
        for number in numbers if isinstance(numbers, list) else [numbers]:
            if not 1 <= number <= len(labels):
                checker.problem(
                    f"page.{key}",
                    f"'page.{key}' names box {number}; the layout has boxes 1 to {len(labels)}.",
                )
    body_size = _body_size(page, checker)
    max_pages = page.get("max_pages")
    if max_pages is not None and (page.get("fixed") or not 1 <= max_pages <= 1000):
        checker.problem(
            "page.max_pages",
            f"'page.max_pages' is {max_pages!r}; give the most pages a flowing layout may "
            "have, e.g. 2 (a fixed layout has its boxes instead).",
        )
    if checker.problems:
        raise ZinegenError(checker.problems)

    layout = Layout(
        name=name,
        folder=declaration.parent,
        page_size_pt=sizes,
        sheet_orientation=sheet["orientation"],
        imposition=sheet["imposition"],
        fixed=page.get("fixed", False),
        min_font_pt=float(page.get("min_font_pt", 9)),
        body_size_pt=body_size,
        max_pages=max_pages,
        needs_sections=page.get("needs_sections", True),
        description=data.get("description", ""),
        one_page=tuple(page.get("one_page", ())),
        margin_pt=margin,  # type: ignore[arg-type]
        box_labels=labels,
        box_noun=page.get("box_noun", page.get("box_label", "box")),
        narrow_pages=tuple(page.get("narrow_pages", ())),
        narrow_by_pt=narrow_by[0] if narrow_by else 0.0,
        cover_box=page.get("cover_box"),
        contact_box=page.get("contact_box"),
        outside=tuple(page.get("outside", ())),
        grid=tuple(sheet.get("grid", (1, 1))),  # type: ignore[arg-type]
        crop_marks=sheet.get("crop_marks", False),
        resource_fields=tuple(resources.get("fields", RESOURCE_FIELDS)),
        resource_qr=resources.get("qr", True),
        resource_headings=resources.get("headings", True),
        printing=printing,
    )
    for paper in PAPERS:
        pages = layout.page_sizes(paper) if layout.fixed else [sizes[paper]] * 4
        try:
            IMPOSITIONS[layout.imposition](
                pages, sheet_size_pt(paper, layout.sheet_orientation), layout.grid
            )
        except ValueError as error:
            checker.problem(
                f"page.size.{paper}",
                f"'page.size.{paper}': {error}.",
                "make the page smaller or the sheet larger.",
            )
    if checker.problems:
        raise ZinegenError(checker.problems)
    return layout


def _body_size(page: dict, checker) -> tuple[float, float] | None:
    """[smallest, largest] body text size in points, in order and not below min_font_pt."""
    sizes = page.get("body_size")
    if not isinstance(sizes, list):
        return None
    smallest = float(page.get("min_font_pt", 9))
    if len(sizes) != 2 or not smallest <= sizes[0] <= sizes[1] <= 72:
        checker.problem(
            "page.body_size",
            f"'page.body_size' is {sizes!r}; give [smallest, largest] in points, "
            f"from min_font_pt ({smallest:g}) up, e.g. [10, 12].",
        )
        return None
    if not page.get("fixed") and not page.get("max_pages"):
        checker.problem(
            "page.body_size",
            "'page.body_size' is for fixed layouts (fixed = true), whose boxes have a size "
            "to fill, and for layouts with max_pages.",
            "set the text size in the layout's layout.css instead.",
        )
        return None
    return float(sizes[0]), float(sizes[1])


def _print_spec(table: object, sheet: dict, checker: Checker) -> PrintSpec:
    """The [print] table, checked against the imposition: a double-sided layout names the
    edge its imposition is planned for, or the backs would land upside down. Keys left out
    follow the imposition (a layout ejected before [print] existed still builds)."""
    from zinegen.impose import EITHER_SIDES, FLIP_EDGE

    imposition = sheet.get("imposition") if isinstance(sheet, dict) else None
    if (
        not isinstance(table, dict)
        or not isinstance(imposition, str)
        or imposition not in FLIP_EDGE
    ):
        return PrintSpec()  # reported by the table checks
    edge = FLIP_EDGE[sheet["imposition"]]
    before = len(checker.problems)
    checker.table(table, PRINT_KEYS, "print.")
    if isinstance(table.get("stock"), dict):
        checker.table(table["stock"], STOCK_KEYS, "print.stock.")
    if len(checker.problems) > before:
        return PrintSpec()
    imposition = sheet.get("imposition")
    sides = table.get("sides", "double" if edge else "single")
    flip = table.get("flip", edge or "")
    if sides == "single" and edge and imposition not in EITHER_SIDES:
        checker.problem(
            "print.sides",
            f"'print.sides' is single, but the {imposition} imposition prints on both sides.",
            f'write sides = "double" and flip = "{edge}".',
        )
    elif sides == "double" and not edge:
        checker.problem(
            "print.sides",
            f"'print.sides' is double, but the {imposition} imposition prints one side.",
            'write sides = "single" (and no flip).',
        )
    elif sides == "single" and "flip" in table:
        checker.problem(
            "print.flip",
            "'print.flip' is set for a layout printed on one side.",
            "remove flip, or print on both sides.",
        )
    elif sides == "double" and flip != edge:
        checker.problem(
            "print.flip",
            f"'print.flip' is {flip}, but the {imposition} imposition lays out its backs "
            f"for a flip on the {edge} edge: printed as said, they would be upside down.",
            f'write flip = "{edge}".',
        )
    grid = sheet.get("grid", [1, 1])
    if not (
        isinstance(grid, list)
        and len(grid) == 2
        and all(isinstance(n, int) and 1 <= n <= MAX_GRID for n in grid)
    ):
        return PrintSpec()  # the grid's own problem is said below
    cells = math.prod(grid)
    copies = table.get("copies_per_sheet", 1)
    if not 1 <= copies <= cells:
        checker.problem(
            "print.copies_per_sheet",
            f"'print.copies_per_sheet' is {copies}; a sheet of this layout holds 1 to {cells}.",
            "give how many copies one printed sheet makes (cards: one for each card on it).",
        )
    return PrintSpec(
        stock=dict(table.get("stock", {})),
        sides=sides,
        flip=flip if sides == "double" else "",
        copies_per_sheet=copies,
        steps=tuple(step.strip() for step in table.get("steps", ()) if step.strip()),
    )


def read_layouts(kit: Kit) -> tuple[dict[str, Layout], list[Problem]]:
    """The layout of each product, and whether each product fits its layout's boxes."""
    layouts: dict[str, Layout] = {}
    problems: list[Problem] = []
    for product in kit.products.values():
        if product.layout not in layouts:
            try:
                layouts[product.layout] = load_layout(kit, product.layout)
            except ZinegenError as error:
                problems += [p for p in error.problems if p not in problems]
                continue
        problems += _product_fits(kit, product, layouts[product.layout])
    for layout in layouts.values():
        problems += _template_problems(kit, layout)
    return layouts, problems


def _template_problems(kit: Kit, layout: Layout) -> list[Problem]:
    """A layout's template, compiled with the templates it extends and includes, so that a
    mistake in it is said with the kit's other mistakes."""
    import jinja2

    from zinegen.compose import TEMPLATE_NAME, template_environment

    try:
        template_environment(kit, layout).get_template(TEMPLATE_NAME)
    except jinja2.TemplateSyntaxError as error:
        where = Path(error.filename) if error.filename else layout.folder / TEMPLATE_NAME
        return [Problem(f"template error: {error.message}.", "", where, error.lineno)]
    except jinja2.TemplateNotFound as error:
        return [
            Problem(
                f"the {layout.name} layout asks for a template '{error.name}' that is not there.",
                "check the name in its {% extends %} or {% include %} line.",
                kit.find(Path("layouts") / layout.name / TEMPLATE_NAME) or layout.folder,
            )
        ]
    return []


def _product_fits(kit: Kit, product: Product, layout: Layout) -> list[Problem]:
    """A fixed layout needs one panel list per box; a flowing one needs sections, unless it
    prints its own words (a form)."""
    key = f"products.{product.name}"
    checker = Checker(kit.config_file, kit.config_text)
    boxes = len(layout.box_labels)
    if layout.fixed and len(product.panels) != boxes:
        names = ", ".join(layout.box_labels)
        found = f"{len(product.panels)} lists" if product.panels else "'sections'"
        message = f"'{key}' has {found}, but the {layout.name} layout has {boxes}: {names}."
        hint = f"give {key}.panels one list of section ids for each, in that order."
    elif not layout.fixed and product.panels:
        message = f"'{key}' has 'panels', but the {layout.name} layout's pages flow."
        hint = f"list the sections in reading order as {key}.sections instead."
    elif not layout.fixed and not product.sections and layout.needs_sections:
        line = checker.line_of(f"{key}.sections")
        message = f"'{key}.sections' is empty."
        hint = 'give the section ids it prints, in reading order, e.g. sections = ["principles"].'
        return [Problem(message, hint, kit.config_file, line)]
    else:
        return []
    line = checker.line_of(f"{key}.panels")
    return [Problem(message, hint, kit.config_file, line)]
