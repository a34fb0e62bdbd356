"""Font faces: the built-in ones from fonts/fonts.toml, and a kit's own [[fonts]]."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from zinegen.errors import fail
from zinegen.kit.files import kit_file
from zinegen.kit.schema import Checker, Key, load_toml
from zinegen.model import FontFace

KIT_FONT_KEYS = {
    "family": Key('the font\'s family name, e.g. "Noto Sans Devanagari"', required=True),
    "file": Key(
        'the font file in the kit, e.g. "fonts/NotoSansDevanagari-Regular.ttf"', required=True
    ),
    "licence": Key('the font\'s licence file in the kit, e.g. "fonts/OFL.txt"', required=True),
    "weight": Key("400 for regular, 700 for bold", kind=int),
    "style": Key("normal or italic", choices=("normal", "italic")),
}


def _readable_font(path: Path) -> bool:
    """Whether a file is a whole font: every table of it read (a damaged glyph table would
    otherwise stop WeasyPrint halfway through a build), with a character map."""
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency

    from zinegen.kit.files import file_problem

    if file_problem(path):  # a regular file under the size limit
        return False
    try:
        with TTFont(path, lazy=False) as font:
            tables = font.keys()
            for tag in tables:
                font[tag]  # reading each table is the check
            if "glyf" in font:  # glyphs decode one by one: read every outline
                glyphs = font["glyf"]
                for name in font.getGlyphOrder():
                    glyphs[name].expand(glyphs)
            return bool(font.getBestCmap())
    except Exception:  # fontTools raises many kinds for a damaged file
        return False


def _kit_fonts(
    tables: Any, root: Path, checker: Checker, bundled: tuple[FontFace, ...]
) -> tuple[FontFace, ...]:
    """Font faces a kit declares in zine.toml, for scripts the bundled face lacks."""
    if not isinstance(tables, list):
        return ()
    taken = {face.family.lower() for face in bundled}
    faces: list[FontFace] = []
    for index, table in enumerate(tables):
        prefix = f"fonts[{index}]."
        if not isinstance(table, dict):
            continue
        before = len(checker.problems)
        checker.table(table, KIT_FONT_KEYS, prefix)
        for key in ("file", "licence"):
            value = table.get(key)
            if isinstance(value, str) and kit_file(root, value) is None:
                checker.problem(
                    prefix + key,
                    f"'{prefix}{key}': the file '{value}' is not in the kit.",
                    "put the font and its licence (e.g. OFL.txt) in the kit's fonts/ folder, "
                    "and name them from the kit folder, e.g. fonts/OFL.txt.",
                )
        font = kit_file(root, table["file"]) if isinstance(table.get("file"), str) else None
        if font is not None and not _readable_font(font):
            checker.problem(
                prefix + "file",
                f"'{prefix}file': '{table['file']}' cannot be read as a font.",
                "use a TrueType or OpenType file (.ttf or .otf), as the font's maker ships it.",
            )
        family = table.get("family")
        if isinstance(family, str) and family.lower() in taken:
            checker.problem(
                prefix + "family",
                f"'{prefix}family' is '{family}', the name of a bundled face.",
                "give your font its own family name, as its licence allows.",
            )
        if len(checker.problems) > before:
            continue
        face = FontFace(
            family=family,
            path=kit_file(root, table["file"]),  # type: ignore[arg-type]
            weight=table.get("weight", 400),
            style=table.get("style", "normal"),
        )
        if any(
            (f.family, f.weight, f.style) == (face.family, face.weight, face.style) for f in faces
        ):
            checker.problem(
                prefix + "family",
                f"'{prefix[:-1]}' declares {family} weight {face.weight} {face.style} again.",
                "keep one [[fonts]] table per face.",
            )
            continue
        faces.append(face)
    return tuple(faces)


FONT_KEYS = {"family", "file", "weight", "style"}
# Where the bundled face's files are installed: a fixed name in zinegen's code, never one a
# kit's files can choose (naming a module would let a kit run code).
BUNDLED_FONT_PACKAGE = "fontpkg_atkinson_hyperlegible"


def load_fonts(search_path: tuple[Path, ...]) -> tuple[FontFace, ...]:
    """The bundled faces, declared in the built-in kit's fonts/fonts.toml. A kit adds faces
    of its own with [[fonts]] in zine.toml (files inside the kit), never with a fonts.toml.

    A face's file lies beside fonts.toml, or in the bundled font package's `files` folder
    (fontpkg wheels carry their TTFs there).
    """
    declaration = search_path[-1] / "fonts" / "fonts.toml"
    return tuple(_read_font_declaration(declaration)) if declaration.is_file() else ()


def _read_font_declaration(declaration: Path) -> list[FontFace]:
    entries = load_toml(declaration).get("face", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        fail("declare each font as a [[face]] table.", file=declaration)
    faces = []
    for index, entry in enumerate(entries, start=1):
        unknown = set(entry) - FONT_KEYS
        weight, style = entry.get("weight", 400), entry.get("style", "normal")
        if (
            unknown
            or not isinstance(entry.get("family"), str)
            or not isinstance(entry.get("file"), str)
            or not isinstance(weight, int)
            or style not in ("normal", "italic")
        ):
            fail(
                f"face {index} needs 'family' and 'file' (text), and may have 'weight' (a "
                "number such as 400 or 700) and 'style' (normal or italic).",
                file=declaration,
            )
        name = Path(entry["file"]).name  # a name, not a path: nothing outside the folders
        path = next(
            (p for p in (declaration.parent / name, _package_files() / name) if p.is_file()),
            None,
        )
        if path is None:
            fail(f"face {index}: there is no font file {name}.", file=declaration)
        faces.append(FontFace(family=entry["family"], path=path, weight=weight, style=style))
    return faces


def _package_files() -> Path:
    """The bundled font package's files folder, found without importing it."""
    spec = importlib.util.find_spec(BUNDLED_FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return Path("/nonexistent")
    return Path(next(iter(spec.submodule_search_locations))) / "files"
