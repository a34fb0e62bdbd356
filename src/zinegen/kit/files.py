"""Where a kit's files are: the kit folder, the built-in kit, and the overlay of the two."""

from __future__ import annotations

import re
from pathlib import Path

from zinegen.errors import fail

RESOURCES_FILE = "resources.yaml"
RESOURCES_FILES = (RESOURCES_FILE, "resources.csv")  # a kit has one of them
RESOURCES_SECTION = "local-resources"  # the section id that prints a kit's resources

CONFIG_NAME = "zine.toml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_HELP = "use lower-case letters, digits and '-' only, e.g. street-safety"
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def builtin_dir() -> Path:
    """The built-in kit: shipped inside the wheel, or the source checkout's root."""
    package = Path(__file__).resolve().parents[1]  # the zinegen package
    for candidate in (package / "builtin", package.parents[1]):
        if (candidate / CONFIG_NAME).is_file() and (candidate / "layouts").is_dir():
            return candidate
    raise RuntimeError(f"zinegen's built-in kit is missing next to {package}")


def find_kit_dir(kit: Path | None) -> Path:
    """The kit folder: --kit, else the nearest folder upward holding zine.toml, else built-in."""
    if kit is None:
        here = Path.cwd()
        for folder in (here, *here.parents):
            if (folder / CONFIG_NAME).is_file():
                return folder
        return builtin_dir()
    if not kit.is_dir():
        fail(f"the kit folder {kit} does not exist.", "check the path given to --kit.")
    if not (kit / CONFIG_NAME).is_file():
        fail(
            f"{kit} has no {CONFIG_NAME}, so it is not a kit.",
            f"pass --kit with a folder that holds {CONFIG_NAME}.",
        )
    return kit


def kit_file(root: Path, relpath: str) -> Path | None:
    """A file named relative to the kit, if it exists inside the kit (no ../ escapes)."""
    path = (root / relpath).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def available_section_ids(search_path: tuple[Path, ...]) -> set[str]:
    """Every section id in any language along the search path (the file name is the id)."""
    return {path.stem for root in search_path for path in (root / "content").glob("*/*.md")}


def available_layouts(search_path: tuple[Path, ...]) -> set[str]:
    return {
        path.parent.name
        for root in search_path
        for path in (root / "layouts").glob("*/layout.toml")
    }
