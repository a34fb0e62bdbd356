"""Product + layout + sections -> one HTML string, through the layout's Jinja template."""

from __future__ import annotations

from pathlib import Path

import jinja2

from zinegen.errors import fail
from zinegen.model import Kit, Layout, Product, Section

TEMPLATE_NAME = "layout.html"
STYLESHEET_NAME = "layout.css"

# Words the layouts print around the content; translations come with languages.
STRINGS = {"en": {"contents": "Contents", "page": "page", "contact": "Contact"}}


def page_css(kit: Kit, layout: Layout, paper: str) -> str:
    """@font-face rules for the kit's fonts and the page size from layout.toml."""
    faces = [
        "@font-face {"
        f' font-family: "{face.family}"; src: url("{face.path.as_uri()}");'
        f" font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in kit.fonts
    ]
    width, height = layout.page_size_pt[paper]
    faces.append(f"@page {{ size: {width:.3f}pt {height:.3f}pt; }}")
    return "\n".join(faces)


def template_environment(kit: Kit, layout: Layout) -> jinja2.Environment:
    """Templates are looked up in the kit's layout folder first, then the built-in one."""
    folders = [str(root / "layouts" / layout.name) for root in kit.search_path]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def compose_html(
    kit: Kit,
    product: Product,
    layout: Layout,
    sections: list[Section],
    lang: str,
    paper: str,
    back_cover: Section | None = None,
) -> str:
    """Fill the layout's template with the product's sections."""
    stylesheet = kit.find(Path("layouts") / layout.name / STYLESHEET_NAME)
    try:
        template = template_environment(kit, layout).get_template(TEMPLATE_NAME)
        return template.render(
            kit=kit,
            organization=kit.organization,
            product=product,
            sections=sections,
            back_cover=back_cover,
            lang=lang,
            paper=paper,
            page_css=page_css(kit, layout, paper),
            stylesheets=[stylesheet.as_uri()] if stylesheet else [],
            cover_image=product.cover_image.as_uri() if product.cover_image else None,
            strings=STRINGS.get(lang, STRINGS["en"]),
        )
    except jinja2.TemplateSyntaxError as error:
        fail(
            f"template error: {error.message}.", file=Path(error.filename or ""), line=error.lineno
        )
    except jinja2.TemplateError as error:
        fail(f"the {layout.name} layout's template failed: {error}.", file=layout.folder)
